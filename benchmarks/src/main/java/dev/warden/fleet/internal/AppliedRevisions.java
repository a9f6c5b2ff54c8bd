package dev.warden.fleet.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The KV revision each simulated agent's assignment listener last heard of, and a wait for a revision to reach them. */
final class AppliedRevisions {

    /** Guarded by this. */
    private final long[] applied;

    AppliedRevisions(int agents) {
        this.applied = new long[agents];
    }

    synchronized void applied(int agent, long revision) {
        if (revision > applied[agent]) {
            applied[agent] = revision;
            notifyAll();
        }
    }

    /** Waits until agents {@code from} (inclusive) to {@code to} (exclusive) have all applied {@code revision} or later. */
    synchronized void await(long revision, int from, int to, long timeoutMs) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!reached(revision, from, to)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("revision " + revision + " not applied by agents " + missing(revision, from, to)
                        + " within " + timeoutMs + " ms");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    private boolean reached(long revision, int from, int to) {
        for (int i = from; i < to; i++) {
            if (applied[i] < revision) {
                return false;
            }
        }
        return true;
    }

    private List<Integer> missing(long revision, int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            if (applied[i] < revision) {
                out.add(i);
            }
        }
        return out;
    }
}
