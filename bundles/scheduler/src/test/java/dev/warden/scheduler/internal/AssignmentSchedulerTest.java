package dev.warden.scheduler.internal;

import static dev.warden.scheduler.internal.Fakes.assignment;
import static dev.warden.scheduler.internal.Fakes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.AssignmentRunner.ScheduleStats;
import dev.warden.api.dto.Assignment;
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
}
