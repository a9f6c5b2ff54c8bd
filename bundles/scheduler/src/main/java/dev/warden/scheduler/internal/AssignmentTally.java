package dev.warden.scheduler.internal;

import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * What the runs of one assignment added up to, and its backoff state. One lock per assignment:
 * it is taken once per run and once per skipped tick, never contended by other assignments.
 * The backoff deadline is also kept in a volatile so a tick can check it without the lock.
 */
final class AssignmentTally {

    /** What one recorded run did to the schedule. */
    record Verdict(int consecutiveFailures, long backoffMs, boolean recovered) {
    }

    private final String assignmentId;
    private final String pluginId;

    private long runs;
    private long ok;
    private long warning;
    private long critical;
    private long unknown;
    private long skipped;
    private long late;
    private long backedOff;
    private int consecutiveFailures;
    private Instant backoffUntilWall;
    private Status lastStatus;
    private Instant lastRunAt;
    private long wallMs;
    private long cpuMs;
    private long memoryPeakMax;
    private long hostCalls;
    private long logBytes;
    private long egressBytes;
    private long egressDenied;

    /** {@link System#nanoTime()} before which scheduled ticks are held back, valid while {@link #holding}. */
    private volatile long backoffUntilNanos;
    private volatile boolean holding;

    AssignmentTally(String assignmentId, String pluginId) {
        this.assignmentId = assignmentId;
        this.pluginId = pluginId;
    }

    String pluginId() {
        return pluginId;
    }

    static boolean failed(CheckResult r) {
        return r.status() == Status.UNKNOWN || (r.stats() != null && r.stats().abnormalEnd() != null);
    }

    /**
     * Adds one finished run. A failure extends the failure streak and, once the streak reaches the
     * policy's threshold, holds scheduled runs back from {@code dueNanos}; a success clears both.
     */
    synchronized Verdict record(CheckResult r, long intervalMs, Backoff backoff, long dueNanos, long nowNanos,
            Instant startedAt, Instant now) {
        runs++;
        Status status = r.status() == null ? Status.UNKNOWN : r.status();
        switch (status) {
            case OK -> ok++;
            case WARNING -> warning++;
            case CRITICAL -> critical++;
            case UNKNOWN -> unknown++;
        }
        lastStatus = status;
        lastRunAt = startedAt;
        RunStats s = r.stats();
        if (s != null) {
            wallMs += s.wallMs();
            cpuMs += s.cpuMs();
            memoryPeakMax = Math.max(memoryPeakMax, s.memoryPeakBytes());
            hostCalls += s.hostCalls();
            logBytes += s.logBytes();
            egressBytes += s.egressBytes();
            egressDenied += s.egressDenied();
        }
        if (!failed(r)) {
            boolean recovered = consecutiveFailures >= backoff.afterFailures();
            consecutiveFailures = 0;
            clearBackoff();
            return new Verdict(0, 0, recovered);
        }
        consecutiveFailures++;
        long delayMs = backoff.delayMs(intervalMs, consecutiveFailures);
        if (delayMs > 0) {
            long until = dueNanos + TimeUnit.MILLISECONDS.toNanos(delayMs);
            backoffUntilWall = now.plusNanos(until - nowNanos);
            backoffUntilNanos = until;
            holding = true;
        }
        return new Verdict(consecutiveFailures, delayMs, false);
    }

    /** True (and counted) when a scheduled tick due at {@code dueNanos} falls inside the backoff. */
    boolean holdsBack(long dueNanos) {
        if (!holding || dueNanos - backoffUntilNanos >= 0) {
            return false;
        }
        synchronized (this) {
            backedOff++;
        }
        return true;
    }

    synchronized void countSkipped() {
        skipped++;
    }

    synchronized void countLate() {
        late++;
    }

    /** An edited assignment deserves an immediate fresh try: its failure streak is forgotten, its totals kept. */
    synchronized void forgetFailures() {
        consecutiveFailures = 0;
        clearBackoff();
    }

    private void clearBackoff() {
        holding = false;
        backoffUntilWall = null;
    }

    /**
     * The figures so far. {@code backoffUntil} stays set while the failure streak lasts, even once
     * the instant has passed (the next run is then on its way); only a success clears it.
     */
    synchronized AssignmentStats snapshot() {
        return new AssignmentStats(assignmentId, pluginId, runs, ok, warning, critical, unknown, skipped, late, backedOff,
                consecutiveFailures, backoffUntilWall == null ? null : backoffUntilWall.toString(), lastStatus,
                lastRunAt == null ? null : lastRunAt.toString(), wallMs, cpuMs, memoryPeakMax, hostCalls, logBytes,
                egressBytes, egressDenied);
    }
}
