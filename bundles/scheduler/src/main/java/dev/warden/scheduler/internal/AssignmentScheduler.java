package dev.warden.scheduler.internal;

import dev.warden.api.AssignmentRunner.ScheduleStats;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one timer per enabled assignment and hands due runs to a bounded worker pool. A gate per
 * assignment id makes sure one assignment never runs twice at once: a tick that finds the gate
 * closed is skipped (and counted), a run-now waits for it. An assignment that keeps failing is
 * held back by its {@link Backoff}: its ticks are skipped (and counted) until the backoff ends or
 * a run-now succeeds.
 */
final class AssignmentScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentScheduler.class);

    /** A run that starts later than this after its due time counts as late. */
    static final long LATE_AFTER_MS = 1_000;

    private final CheckExecution execution;
    private final ResultFanOut fanOut;
    private final ScheduleTiming timing;
    private final Backoff backoff;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;

    /** Every known assignment (enabled or not), by id; guarded by this. */
    private final Map<String, Assignment> known = new LinkedHashMap<>();
    /** The live timer of each enabled assignment; guarded by this. */
    private final Map<String, Slot> slots = new HashMap<>();
    /** Never removed: a run in flight of a removed-then-re-added id must still block the new one. */
    private final Map<String, Semaphore> gates = new ConcurrentHashMap<>();
    /** Per-assignment figures, kept while the id is known (so run-now of a disabled one counts too). */
    private final Map<String, AssignmentTally> tallies = new ConcurrentHashMap<>();
    /** When each tallied assignment was last seen to disappear; guarded by this. */
    private final Map<String, Long> goneSince = new HashMap<>();
    private static final long TALLY_RETENTION_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final AtomicLong started = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong late = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();

    AssignmentScheduler(CheckExecution execution, ResultFanOut fanOut, ScheduleTiming timing, int workerCount) {
        this(execution, fanOut, timing, Backoff.defaults(), Clock.systemUTC(), workerCount);
    }

    AssignmentScheduler(CheckExecution execution, ResultFanOut fanOut, ScheduleTiming timing, Backoff backoff, Clock clock,
            int workerCount) {
        this.execution = execution;
        this.fanOut = fanOut;
        this.timing = timing;
        this.backoff = backoff;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(named("warden-scheduler-timer"));
        this.workers = Executors.newFixedThreadPool(Math.max(1, workerCount), named("warden-check-"));
    }

    /** Makes {@code current} the scheduled set: new ones start, changed ones restart, gone or disabled ones stop. */
    synchronized void update(Collection<Assignment> current) {
        Map<String, Assignment> next = new LinkedHashMap<>();
        for (Assignment a : current) {
            next.putIfAbsent(a.id(), a);
        }
        for (String id : new ArrayList<>(slots.keySet())) {
            Assignment now = next.get(id);
            if (now == null || !schedulable(now) || !now.equals(slots.get(id).assignment)) {
                slots.remove(id).cancel();
                AssignmentTally tally = tallies.get(id);
                if (tally != null) {
                    tally.forgetFailures();
                }
                LOG.info("Assignment {} {}", id, now == null ? "removed" : !now.enabled() ? "disabled" : "changed");
            }
        }
        for (Assignment a : next.values()) {
            if (!slots.containsKey(a.id()) && schedulable(a)) {
                Slot slot = new Slot(a);
                slots.put(a.id(), slot);
                slot.start(timing.firstDelayMs(a.intervalMs()));
                LOG.info("Assignment {} scheduled: plugin {} every {} ms", a.id(), a.pluginId(), a.intervalMs());
            }
        }
        known.clear();
        known.putAll(next);
        forgetTalliesGoneFor(TALLY_RETENTION_NANOS);
        for (Assignment a : known.values()) {
            tallies.compute(a.id(), (id, t) -> t != null && t.pluginId().equals(a.pluginId()) ? t
                    : new AssignmentTally(id, a.pluginId()));
        }
    }

    /**
     * An edit made through ConfigAdmin reaches the scheduler as a removal followed by an addition,
     * so an assignment's totals survive its absence for a while and are dropped only when it stays
     * gone. Guarded by this.
     */
    private void forgetTalliesGoneFor(long retentionNanos) {
        long now = System.nanoTime();
        for (String id : tallies.keySet()) {
            if (known.containsKey(id)) {
                goneSince.remove(id);
            } else {
                Long since = goneSince.putIfAbsent(id, now);
                if (since != null && now - since > retentionNanos) {
                    tallies.remove(id);
                    goneSince.remove(id);
                }
            }
        }
    }

    private static boolean schedulable(Assignment a) {
        if (a.enabled() && a.intervalMs() <= 0) {
            LOG.warn("Assignment {} has no positive interval_ms ({}); not scheduled", a.id(), a.intervalMs());
            return false;
        }
        return a.enabled();
    }

    synchronized List<Assignment> assignments() {
        return List.copyOf(known.values());
    }

    synchronized Optional<Assignment> assignment(String id) {
        return Optional.ofNullable(known.get(id));
    }

    /** Runs now on the caller's thread, after any run of the same assignment in flight has ended. */
    Optional<CheckResult> runNow(String id) {
        Optional<Assignment> found = assignment(id);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Semaphore gate = gate(id);
        try {
            gate.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        try {
            return Optional.of(execute(found.get(), System.nanoTime()));
        } finally {
            gate.release();
        }
    }

    ScheduleStats stats() {
        int scheduled;
        synchronized (this) {
            scheduled = slots.size();
        }
        return new ScheduleStats(started.get(), skipped.get(), late.get(), inFlight.get(), scheduled);
    }

    /** The figures of every known assignment, in the order of the last update. */
    List<AssignmentStats> assignmentStats() {
        List<String> ids;
        synchronized (this) {
            ids = List.copyOf(known.keySet());
        }
        List<AssignmentStats> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            AssignmentTally tally = tallies.get(id);
            if (tally != null) {
                out.add(tally.snapshot());
            }
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (this) {
            slots.values().forEach(Slot::cancel);
            slots.clear();
            known.clear();
        }
        timer.shutdownNow();
        // Interrupting lets the engine end runs in flight cleanly (they become UNKNOWN results).
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private CheckResult execute(Assignment a, long dueNanos) {
        started.incrementAndGet();
        inFlight.incrementAndGet();
        try {
            Instant startedAt = clock.instant();
            CheckResult result = execution.run(a);
            record(a, result, dueNanos, startedAt);
            fanOut.publish(result);
            return result;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private void record(Assignment a, CheckResult result, long dueNanos, Instant startedAt) {
        AssignmentTally tally = tally(a);
        AssignmentTally.Verdict v = tally.record(result, a.intervalMs(), backoff, dueNanos, System.nanoTime(), startedAt,
                clock.instant());
        if (v.backoffMs() > 0) {
            LOG.warn("Assignment {} failed {} times in a row ({}); backing off: next run in {} ms", a.id(),
                    v.consecutiveFailures(), result.summary(), v.backoffMs());
        } else if (v.recovered()) {
            LOG.info("Assignment {} succeeded again; back to every {} ms", a.id(), a.intervalMs());
        }
    }

    private AssignmentTally tally(Assignment a) {
        return tallies.computeIfAbsent(a.id(), id -> new AssignmentTally(id, a.pluginId()));
    }

    private Semaphore gate(String id) {
        return gates.computeIfAbsent(id, k -> new Semaphore(1));
    }

    /** How long a tick waits for an overrunning previous run: half an interval, at most 5 s. */
    static long overlapWaitMs(long intervalMs) {
        return Math.max(0, Math.min(intervalMs / 2, 5_000));
    }

    private synchronized boolean isCurrent(Slot slot) {
        return slots.get(slot.assignment.id()) == slot;
    }

    /** The timer of one assignment version; replaced, not mutated, when the assignment changes. */
    private final class Slot {

        final Assignment assignment;
        private volatile ScheduledFuture<?> future;
        private volatile boolean cancelled;
        /** A worker is waiting for the previous run to end so this tick need not be skipped. */
        private final java.util.concurrent.atomic.AtomicBoolean waiting = new java.util.concurrent.atomic.AtomicBoolean();

        Slot(Assignment assignment) {
            this.assignment = assignment;
        }

        void start(long delayMs) {
            arm(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs));
        }

        private void arm(long dueNanos) {
            if (cancelled) {
                return;
            }
            long delay = Math.max(0, dueNanos - System.nanoTime());
            try {
                future = timer.schedule(() -> tick(dueNanos), delay, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // the scheduler is closing
            }
        }

        private void tick(long dueNanos) {
            try {
                if (cancelled || !isCurrent(this)) {
                    return;
                }
                long nextDue = dueNanos + TimeUnit.MILLISECONDS.toNanos(timing.nextIntervalMs(assignment.intervalMs()));
                arm(Math.max(nextDue, System.nanoTime()));
                AssignmentTally tally = tally(assignment);
                if (tally.holdsBack(dueNanos)) {
                    return;
                }
                Semaphore gate = gate(assignment.id());
                if (gate.tryAcquire()) {
                    try {
                        workers.execute(() -> work(gate, dueNanos));
                    } catch (RejectedExecutionException e) {
                        gate.release();
                    }
                } else if (waiting.compareAndSet(false, true)) {
                    // The previous run overran into this tick: give it part of an interval to end
                    // (one waiter per assignment) rather than losing the tick outright.
                    try {
                        workers.execute(() -> awaitThenWork(gate, dueNanos, tally));
                    } catch (RejectedExecutionException e) {
                        waiting.set(false);
                    }
                } else {
                    skip(tally);
                }
            } catch (RuntimeException e) {
                LOG.error("Scheduling of assignment {} failed", assignment.id(), e);
            }
        }

        private void awaitThenWork(Semaphore gate, long dueNanos, AssignmentTally tally) {
            boolean acquired = false;
            try {
                acquired = gate.tryAcquire(overlapWaitMs(assignment.intervalMs()), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                waiting.set(false);
            }
            if (acquired) {
                work(gate, dueNanos);
            } else {
                skip(tally);
            }
        }

        private void skip(AssignmentTally tally) {
            skipped.incrementAndGet();
            tally.countSkipped();
            LOG.warn("Assignment {}: previous run still in flight, this run is skipped", assignment.id());
        }

        private void work(Semaphore gate, long dueNanos) {
            try {
                if (cancelled) {
                    return;
                }
                if (TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - dueNanos) > LATE_AFTER_MS) {
                    late.incrementAndGet();
                    tally(assignment).countLate();
                }
                execute(assignment, dueNanos);
            } catch (RuntimeException | LinkageError e) {
                LOG.error("Run of assignment {} failed", assignment.id(), e);
            } finally {
                gate.release();
            }
        }

        void cancel() {
            cancelled = true;
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix.endsWith("-") ? prefix + n.incrementAndGet() : prefix);
            t.setDaemon(true);
            return t;
        };
    }
}
