package dev.warden.engine.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads guest code runs on. At most {@code slots} runs execute at once; a caller waits for
 * a free slot, hands the run to a guest thread and waits for it up to the run's deadline. A run
 * past its deadline is interrupted; one that still does not stop within the grace period is
 * abandoned: its slot is given back at once and its thread finishes on its own while the executor
 * starts a new thread for the next run (it has no upper bound on threads, only the slots bound
 * the runs), so a stuck guest never shrinks the pool.
 */
final class GuestPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GuestPool.class);

    /** Deep guest recursion lands on the JVM stack (compiled code) or the interpreter's; give it room. */
    private static final long GUEST_STACK_BYTES = 4L * 1024 * 1024;

    private final ThreadPoolExecutor threads;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private final AtomicLong abandoned = new AtomicLong();
    private final AtomicInteger lingering = new AtomicInteger();
    private int limit;
    private int inUse;

    GuestPool(int slots) {
        this.limit = Math.max(1, slots);
        this.threads = new ThreadPoolExecutor(limit, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), new GuestThreads());
    }

    void resize(int slots) {
        lock.lock();
        try {
            limit = Math.max(1, slots);
            threads.setCorePoolSize(limit);
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Runs whose guests ignored interruption and were left to finish on their own, since start. */
    long abandoned() {
        return abandoned.get();
    }

    /** Abandoned runs whose threads are still working on them. */
    int lingering() {
        return lingering.get();
    }

    Outcome run(Supplier<Outcome> body, long timeoutMs, long graceMs, Runnable onAbandon) {
        return run(body, timeoutMs, graceMs, onAbandon, () -> { });
    }

    /**
     * Runs {@code body} on a guest thread and waits for it at most {@code timeoutMs}, plus
     * {@code graceMs} after interrupting it. Never throws for anything the body does.
     *
     * @param onAbandon called on the caller's thread when the guest is left behind
     * @param onThreadDone called exactly once when no guest thread works on the run any more: when
     *        the body ended (for an abandoned run, whenever that is) or when it never started
     */
    Outcome run(Supplier<Outcome> body, long timeoutMs, long graceMs, Runnable onAbandon, Runnable onThreadDone) {
        long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        long start = System.nanoTime();
        if (!acquire(start + timeoutNanos)) {
            runQuietly(onThreadDone);
            return new Outcome.Refused("busy", "engine busy: no guest thread became free within " + timeoutMs + " ms");
        }
        Slot slot = new Slot();
        Job job = new Job(body, slot, onThreadDone, lingering);
        try {
            threads.execute(job);
        } catch (RejectedExecutionException e) {
            slot.release();
            runQuietly(onThreadDone);
            return new Outcome.Refused("internal", "engine stopped");
        }
        try {
            long left = timeoutNanos - (System.nanoTime() - start);
            if (job.awaitBriefly() || job.await(left)) {
                return job.outcome();
            }
            job.interrupt();
            if (job.await(TimeUnit.MILLISECONDS.toNanos(graceMs)) || !job.abandon()) {
                return new Outcome.TimedOut(timeoutMs, false);
            }
            slot.release();
            abandoned.incrementAndGet();
            LOG.warn("A guest ignored interruption for {} ms after its {} ms timeout; abandoning its thread", graceMs,
                    timeoutMs);
            onAbandon.run();
            return new Outcome.TimedOut(timeoutMs, true);
        } catch (InterruptedException e) {
            // The caller itself is being stopped: stop the guest too and tell the truth.
            job.interrupt();
            Thread.currentThread().interrupt();
            return new Outcome.Refused("interrupted", "run interrupted: the agent is stopping");
        }
    }

    private boolean acquire(long deadlineNanos) {
        lock.lock();
        try {
            while (inUse >= limit) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    freed.awaitNanos(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            inUse++;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.error("Releasing a run's resources failed", e);
        }
    }

    /** A slot given back exactly once: when the run ends or when it is abandoned, whichever comes first. */
    private final class Slot {
        private final AtomicBoolean held = new AtomicBoolean(true);

        void release() {
            if (held.compareAndSet(true, false)) {
                lock.lock();
                try {
                    inUse--;
                    freed.signal();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** One run on one guest thread; the caller may interrupt it only while it is running it. */
    private static final class Job implements Runnable {
        private static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
        private final Supplier<Outcome> body;
        private final Slot slot;
        private final Runnable onThreadDone;
        private final AtomicInteger lingering;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Outcome outcome;
        private Thread thread; // guarded by this
        private boolean cancelled; // guarded by this
        private boolean finished; // guarded by this
        private boolean abandoned; // guarded by this

        Job(Supplier<Outcome> body, Slot slot, Runnable onThreadDone, AtomicInteger lingering) {
            this.body = body;
            this.slot = slot;
            this.onThreadDone = onThreadDone;
            this.lingering = lingering;
        }

        @Override
        public void run() {
            synchronized (this) {
                if (cancelled) {
                    finished = true;
                    slot.release();
                    runQuietly(onThreadDone);
                    done.countDown();
                    return;
                }
                thread = Thread.currentThread();
            }
            try {
                outcome = body.get();
            } catch (StackOverflowError e) {
                outcome = new Outcome.Trapped("call stack exhausted");
            } catch (Throwable t) {
                LOG.error("Unexpected failure on a guest thread", t);
                outcome = new Outcome.Refused("internal", "engine failure: " + t);
            } finally {
                synchronized (this) {
                    thread = null;
                    finished = true;
                    // An interrupt aimed at this run must not leak into the next one on this thread.
                    Thread.interrupted();
                    if (abandoned) {
                        lingering.decrementAndGet();
                    }
                }
                // Slot and resources first: a caller that sees the run done may start the next at once.
                slot.release();
                runQuietly(onThreadDone);
                done.countDown();
            }
        }

        /** Leaves the run to its thread; false when it finished after all. */
        synchronized boolean abandon() {
            if (finished) {
                return false;
            }
            abandoned = true;
            lingering.incrementAndGet();
            return true;
        }

        /**
         * Spins for a few tens of microseconds before the caller parks: most checks finish in
         * that time, and on a VM waking a parked thread costs more than the check itself.
         */
        boolean awaitBriefly() {
            long until = System.nanoTime() + SPIN_NANOS;
            while (done.getCount() > 0) {
                if (System.nanoTime() > until) {
                    return false;
                }
                Thread.onSpinWait();
            }
            return true;
        }

        boolean await(long nanos) throws InterruptedException {
            return done.await(Math.max(0, nanos), TimeUnit.NANOSECONDS);
        }

        synchronized void interrupt() {
            cancelled = true;
            if (thread != null) {
                thread.interrupt();
            }
        }

        Outcome outcome() {
            return outcome;
        }
    }

    private static final class GuestThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(null, r, "warden-guest-" + count.incrementAndGet(), GUEST_STACK_BYTES);
            t.setDaemon(true);
            return t;
        }
    }
}
