package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A run stuck where interruption cannot reach is abandoned on time, and costs the agent nothing lasting. */
class AbandonmentTest {

    private static final int GUEST_THREADS = 2;
    private static final long TIMEOUT_MS = 100;

    private final CapabilityIndex capabilities = new CapabilityIndex();
    private final List<Long> reported = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private Engine engine;
    private ExecutorService callers;

    @AfterEach
    void close() {
        release.countDown();
        if (callers != null) {
            callers.shutdownNow();
        }
        if (engine != null) {
            engine.close();
        }
    }

    /** A misbehaving capability: blocks until released and swallows every interrupt. */
    private void installStuckSecret() {
        capabilities.add(Fixtures.secret((ctx, args) -> {
            entered.countDown();
            boolean done = false;
            while (!done) {
                try {
                    done = release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ignored) {
                    // swallowed on purpose: this is the capability the engine must survive
                }
            }
            return new long[] {1};
        }));
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        capabilities.add(Fixtures.getConfig());
        capabilities.add(Fixtures.log());
    }

    @Test
    void runStuckInAHostCallIsAbandonedAfterTheGraceAndThePoolKeepsServing() throws Exception {
        installStuckSecret();
        engine = new Engine(EngineSettings.defaults().withGuestThreads(GUEST_THREADS), capabilities);
        var stuck = new Fixtures.TestPlugin("probe", Fixtures.manifest(List.of("secret", "report", "submit_result")));
        var healthy = new Fixtures.TestPlugin("checker",
                Fixtures.manifest(List.of("get_config", "log", "submit_result")));
        engine.run(Fixtures.request(healthy)); // compiles outside the measured runs

        long start = System.nanoTime();
        CheckResult r = engine.run(Fixtures.request(stuck, null, TIMEOUT_MS, "{}"));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("timeout: run exceeded " + TIMEOUT_MS + " ms and ignored interruption", r.summary());
        AbnormalEndTest.assertStatsPresent(r, "timeout");
        assertEquals(1, r.stats().hostCalls());
        assertEquals(65536, r.stats().memoryPeakBytes());
        assertTrue(elapsedMs >= TIMEOUT_MS + Engine.GRACE_MS, "abandoned after " + elapsedMs + " ms");
        assertTrue(elapsedMs < TIMEOUT_MS + Engine.GRACE_MS + 1000, "abandoned after " + elapsedMs + " ms");
        System.out.println("abandonment latency: " + (elapsedMs - TIMEOUT_MS) + " ms after the timeout (grace "
                + Engine.GRACE_MS + " ms)");
        assertEquals(1, engine.abandonedRuns());
        assertEquals(1, engine.lingeringRuns());
        assertEquals(1, engine.inFlight(), "the abandoned run keeps its memory until its thread stops");
        assertEquals(16 * RunLimits.MIB + Engine.RUN_OVERHEAD_BYTES, engine.memoryInUseBytes());

        // As many healthy runs at once as there are guest threads: the stuck thread took none of them.
        callers = Executors.newFixedThreadPool(GUEST_THREADS);
        List<Future<CheckResult>> healthyRuns = new ArrayList<>();
        for (int i = 0; i < GUEST_THREADS; i++) {
            healthyRuns.add(callers.submit(() -> engine.run(Fixtures.request(healthy))));
        }
        for (Future<CheckResult> f : healthyRuns) {
            CheckResult ok = f.get(10, TimeUnit.SECONDS);
            assertEquals(Status.OK, ok.status(), ok.summary());
        }

        release.countDown();
        awaitTrue(() -> engine.lingeringRuns() == 0 && engine.inFlight() == 0);
        assertEquals(0, engine.memoryInUseBytes());
        assertTrue(reported.isEmpty(), "the abandoned guest is stopped at its next host call, not served");
    }

    @Test
    void abandonedRunStopsAtOnceWhenItsHandlerReturnsEvenIfTheInterruptWasSwallowed() throws Exception {
        installStuckSecret();
        engine = new Engine(EngineSettings.defaults(), capabilities);
        var stuck = new Fixtures.TestPlugin("probe", Fixtures.manifest(List.of("secret", "report", "submit_result")));

        engine.run(Fixtures.request(stuck, null, 50L, "{}"));
        assertTrue(entered.await(5, TimeUnit.SECONDS));
        release.countDown();

        awaitTrue(() -> engine.lingeringRuns() == 0);
        assertTrue(reported.isEmpty());
        assertEquals(1, engine.abandonedRuns());
    }

    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < until, "condition not met within 10 s");
            Thread.sleep(5);
        }
    }
}
