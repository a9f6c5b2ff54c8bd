package dev.warden.scheduler.internal;

import static dev.warden.scheduler.internal.Fakes.assignment;
import static dev.warden.scheduler.internal.Fakes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.AssignmentRunner.ScheduleStats;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import dev.warden.scheduler.internal.Fakes.BrokenSink;
import dev.warden.scheduler.internal.Fakes.FakeRegistry;
import dev.warden.scheduler.internal.Fakes.FakeRunner;
import dev.warden.scheduler.internal.Fakes.RecordingSink;
import dev.warden.api.ResultSink;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AssignmentSchedulerTest {

    private final FakeRunner runner = new FakeRunner();
    private final FakeRegistry registry = new FakeRegistry().with("demo", "1.0.0");
    private final RecordingSink sink = new RecordingSink();
    private final List<ResultSink> sinks = new CopyOnWriteArrayList<>(List.of(sink));
    private AssignmentScheduler scheduler;

    private AssignmentScheduler start(int workers) {
        return start(workers, Math::random);
    }

    private AssignmentScheduler start(int workers, java.util.function.DoubleSupplier random) {
        CheckExecution execution = new CheckExecution(() -> runner, () -> registry, "agent-1", Clock.systemUTC());
        scheduler = new AssignmentScheduler(execution, new ResultFanOut(() -> sinks), new ScheduleTiming(10, random), workers);
        return scheduler;
    }

    private AssignmentScheduler startWithBackoff(Backoff backoff) {
        CheckExecution execution = new CheckExecution(() -> runner, () -> registry, "agent-1", Clock.systemUTC());
        scheduler = new AssignmentScheduler(execution, new ResultFanOut(() -> sinks), new ScheduleTiming(0, () -> 0.0),
                backoff, Clock.systemUTC(), 2);
        return scheduler;
    }

    private AssignmentStats statsOf(String id) {
        return scheduler.assignmentStats().stream().filter(s -> s.assignmentId().equals(id)).findFirst().orElseThrow();
    }

    private static CheckResult failing(dev.warden.api.RunRequest r) {
        return Fakes.ok(r).withStatus(Status.UNKNOWN, "trap: unreachable");
    }

    @AfterEach
    void close() {
        if (scheduler != null) {
            scheduler.close();
        }
    }

    @Test
    void enabledAssignmentRunsRepeatedlyAndResultsReachTheSink() throws Exception {
        start(2).update(List.of(assignment("a", 40)));
        await(() -> sink.results.size() >= 3, 3000);
        assertEquals("a", sink.results.get(0).assignmentId());
        assertEquals("agent-1", runner.requests.get(0).agentId());
        assertEquals(1, scheduler.stats().scheduled());
        assertTrue(scheduler.stats().started() >= 3);
    }

    @Test
    void disabledAssignmentIsKnownButNeverScheduled() throws Exception {
        start(1).update(List.of(Fakes.disabled(assignment("off", 20))));
        Thread.sleep(200);
        assertEquals(0, runner.requests.size());
        assertEquals(0, scheduler.stats().scheduled());
        assertTrue(scheduler.assignment("off").isPresent());
    }

    @Test
    void slowRunIsNeverOverlappedAndTheSkippedTicksAreCounted() throws Exception {
        runner.sleepMs = 250;
        start(4).update(List.of(assignment("slow", 30)));
        Thread.sleep(700);
        assertEquals(1, runner.maxConcurrentPerAssignment.get());
        assertTrue(scheduler.stats().skipped() > 0, "skipped: " + scheduler.stats());
    }

    @Test
    void runOverrunningItsNextTickByLessThanHalfAnIntervalDelaysThatTickInsteadOfSkippingIt() throws Exception {
        runner.sleepMs = 215; // each 200 ms tick finds the previous run in flight; it ends within the 100 ms it may wait
        start(4, () -> 0.5).update(List.of(assignment("overrun", 200)));
        await(() -> runner.runsOf("overrun") >= 4, 5000);
        assertEquals(0, scheduler.stats().skipped(), "skipped: " + scheduler.stats());
        assertEquals(1, runner.maxConcurrentPerAssignment.get());
    }

    @Test
    void overlapWaitIsHalfAnIntervalAndAtMostFiveSeconds() {
        assertEquals(500, AssignmentScheduler.overlapWaitMs(1000));
        assertEquals(5000, AssignmentScheduler.overlapWaitMs(3_600_000));
    }

    @Test
    void runThatWaitsForAFreeWorkerLongerThanASecondCountsAsLate() throws Exception {
        runner.sleepMs = 1300;
        // both due at once on the only worker: the second starts 1.3 s after it was due
        start(1, () -> 0.0).update(List.of(assignment("hog", 60_000), assignment("victim", 60_000)));
        await(() -> runner.runsOf("hog") + runner.runsOf("victim") == 2, 5000);
        assertEquals(1, scheduler.stats().late());
    }

    @Test
    void addedChangedAndRemovedAssignmentsApplyLive() throws Exception {
        registry.with("demo", "2.0.0");
        start(2).update(List.of(assignment("a", 30)));
        await(() -> runner.runsOf("a") >= 1, 3000);

        scheduler.update(List.of(Fakes.pinned(assignment("a", 30), "1.0.0"), assignment("b", 30)));
        await(() -> runner.runsOf("b") >= 1, 3000);
        await(() -> runner.requests.stream().anyMatch(r -> r.assignment().id().equals("a")
                && "1.0.0".equals(r.plugin().info().version())), 3000);

        scheduler.update(List.of(assignment("b", 30)));
        Thread.sleep(100);
        long runsOfA = runner.runsOf("a");
        Thread.sleep(200);
        assertEquals(runsOfA, runner.runsOf("a"), "a removed, must not run again");
        assertEquals(1, scheduler.stats().scheduled());
        assertTrue(scheduler.assignment("a").isEmpty());
    }

    @Test
    void newestPluginVersionIsResolvedAtEachRun() throws Exception {
        start(1).update(List.of(assignment("a", 30)));
        await(() -> runner.runsOf("a") >= 1, 3000);
        registry.with("demo", "1.1.0");
        await(() -> "1.1.0".equals(runner.requests.get(runner.requests.size() - 1).plugin().info().version()), 3000);
    }

    @Test
    void runNowRunsADisabledAssignmentAndPublishesTheResult() {
        start(1).update(List.of(Fakes.disabled(assignment("off", 60_000))));
        Optional<CheckResult> result = scheduler.runNow("off");
        assertEquals(Status.OK, result.orElseThrow().status());
        assertEquals(List.of(result.get()), sink.results);
    }

    @Test
    void runNowOfAnUnknownAssignmentIsEmpty() {
        assertTrue(start(1).runNow("nope").isEmpty());
    }

    @Test
    void runNowWaitsForTheScheduledRunInFlight() throws Exception {
        CountDownLatch inRun = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        runner.answer = r -> {
            inRun.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Fakes.ok(r);
        };
        start(2).update(List.of(assignment("a", 60_000)));
        assertTrue(inRun.await(3, TimeUnit.SECONDS));
        CompletableFuture<Optional<CheckResult>> now = CompletableFuture.supplyAsync(() -> scheduler.runNow("a"));
        Thread.sleep(150);
        assertTrue(!now.isDone(), "run-now must wait for the run in flight");
        release.countDown();
        assertEquals(Status.OK, now.get(3, TimeUnit.SECONDS).orElseThrow().status());
        assertEquals(1, runner.maxConcurrentPerAssignment.get());
        assertEquals(2, runner.runsOf("a"));
    }

    @Test
    void missingPluginGivesAnUnknownResultNamingIt() {
        start(1).update(List.of(Fakes.pinned(assignment("a", 60_000), "9.9.9")));
        CheckResult r = scheduler.runNow("a").orElseThrow();
        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("plugin demo version 9.9.9 is not installed", r.summary());
        assertEquals("plugin_missing", r.stats().abnormalEnd());
        assertEquals(0, r.stats().wallMs());
        assertEquals("a", r.assignmentId());
        assertEquals("agent-1", r.agentId());
        assertTrue(r.id() != null && r.observedAt() != null);
        assertEquals(0, runner.requests.size());
    }

    @Test
    void aFailingSinkDoesNotKeepTheResultFromTheOthers() {
        BrokenSink broken = new BrokenSink();
        RecordingSink after = new RecordingSink();
        sinks.add(0, broken);
        sinks.add(after);
        start(1).update(List.of(assignment("a", 60_000)));
        CheckResult r = scheduler.runNow("a").orElseThrow();
        assertEquals(1, broken.calls.get());
        assertEquals(List.of(r), sink.results);
        assertEquals(List.of(r), after.results);
    }

    @Test
    void runnerThatThrowsBecomesUnknown() {
        runner.answer = r -> {
            throw new IllegalStateException("boom");
        };
        start(1).update(List.of(assignment("a", 60_000)));
        CheckResult r = scheduler.runNow("a").orElseThrow();
        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("internal", r.stats().abnormalEnd());
    }

    @Test
    void statsStartEmpty() {
        assertEquals(new ScheduleStats(0, 0, 0, 0, 0), start(1).stats());
        Assignment a = assignment("x", 60_000);
        scheduler.update(List.of(a));
        assertEquals(List.of(a), scheduler.assignments());
    }

    @Test
    void failingAssignmentBacksOffAfterThreeFailuresAndItsHeldTicksAreCounted() throws Exception {
        runner.answer = AssignmentSchedulerTest::failing;
        // every 20 ms; after the third failure the next run may come 40, 80, then at most 160 ms later
        startWithBackoff(new Backoff(3, 160)).update(List.of(assignment("bad", 20)));
        await(() -> statsOf("bad").consecutiveFailures() >= 3, 3000);
        assertTrue(statsOf("bad").backoffUntil() != null, "backing off: " + statsOf("bad"));
        Thread.sleep(800);
        AssignmentStats s = statsOf("bad");
        // without backoff ~40 runs would fit in these 800 ms; with it, at most 3 + ~7
        assertTrue(s.runs() <= 12, "runs while backing off: " + s);
        assertTrue(s.backedOff() >= 20, "held ticks are counted: " + s);
        assertEquals(s.runs(), s.unknown());
        assertEquals(Status.UNKNOWN, s.lastStatus());
    }

    @Test
    void runNowIgnoresTheBackoffAndItsSuccessEndsIt() throws Exception {
        runner.answer = AssignmentSchedulerTest::failing;
        startWithBackoff(new Backoff(1, 60_000)).update(List.of(assignment("flaky", 100)));
        await(() -> statsOf("flaky").runs() == 1, 3000);
        Thread.sleep(150);
        assertEquals(1, runner.runsOf("flaky"), "held back for 200 ms after the first failure: " + statsOf("flaky"));
        assertTrue(statsOf("flaky").backedOff() >= 1);

        runner.answer = Fakes::ok;
        assertEquals(Status.OK, scheduler.runNow("flaky").orElseThrow().status());
        AssignmentStats recovered = statsOf("flaky");
        assertEquals(0, recovered.consecutiveFailures());
        assertEquals(null, recovered.backoffUntil());
        long before = runner.runsOf("flaky");
        await(() -> runner.runsOf("flaky") >= before + 3, 3000);
    }

    @Test
    void runNowFailuresCountTowardsTheBackoff() {
        runner.answer = AssignmentSchedulerTest::failing;
        startWithBackoff(new Backoff(2, 60_000)).update(List.of(Fakes.disabled(assignment("off", 60_000))));
        scheduler.runNow("off");
        assertEquals(null, statsOf("off").backoffUntil());
        scheduler.runNow("off");
        assertEquals(2, statsOf("off").consecutiveFailures());
        assertTrue(statsOf("off").backoffUntil() != null);
        assertEquals(Status.UNKNOWN, scheduler.runNow("off").orElseThrow().status(), "run-now is never held back");
        assertEquals(3, statsOf("off").runs());
    }

    @Test
    void editingABackedOffAssignmentRetriesItAtOnce() throws Exception {
        runner.answer = AssignmentSchedulerTest::failing;
        startWithBackoff(new Backoff(1, 60_000)).update(List.of(assignment("x", 1000)));
        await(() -> statsOf("x").runs() == 1, 3000);
        Thread.sleep(50);
        scheduler.update(List.of(Fakes.pinned(assignment("x", 1000), "1.0.0")));
        assertEquals(0, statsOf("x").consecutiveFailures());
        assertEquals(1, statsOf("x").runs(), "totals survive the edit");
        await(() -> runner.runsOf("x") >= 2, 3000);
    }

    @Test
    void totalsSurviveAnEditThatArrivesAsRemovalThenAddition() throws Exception {
        start(2).update(List.of(assignment("edited", 25)));
        await(() -> statsOf("edited").runs() >= 3, 3000);
        long before = statsOf("edited").runs();
        scheduler.update(List.of());
        assertEquals(List.of(), scheduler.assignmentStats());
        scheduler.update(List.of(Fakes.disabled(assignment("edited", 25))));
        assertTrue(statsOf("edited").runs() >= before, "runs since start kept across the edit");
    }

    @Test
    void assignmentStatsListEveryKnownAssignmentAndAddUp() throws Exception {
        runner.answer = r -> r.assignment().id().equals("bad") ? failing(r) : Fakes.ok(r);
        start(2).update(List.of(assignment("good", 25), assignment("bad", 25), Fakes.disabled(assignment("idle", 25))));
        await(() -> statsOf("good").runs() >= 4 && statsOf("bad").runs() >= 2, 3000);
        assertEquals(List.of("good", "bad", "idle"), scheduler.assignmentStats().stream()
                .map(AssignmentStats::assignmentId).toList());
        AssignmentStats good = statsOf("good");
        assertEquals(good.runs(), good.ok());
        assertEquals(good.runs(), good.wallMsTotal(), "every fake run reports wall_ms 1");
        assertEquals(good.runs(), good.hostCallsTotal());
        assertEquals(Status.OK, good.lastStatus());
        assertTrue(good.lastRunAt() != null);
        assertEquals("demo", good.pluginId());
        AssignmentStats idle = statsOf("idle");
        assertEquals(0, idle.runs());
        assertEquals(null, idle.lastStatus());
        long total = scheduler.assignmentStats().stream().mapToLong(AssignmentStats::runs).sum();
        assertTrue(total <= scheduler.stats().started());

        scheduler.update(List.of(assignment("good", 25)));
        assertEquals(List.of("good"), scheduler.assignmentStats().stream().map(AssignmentStats::assignmentId).toList());
    }
}
