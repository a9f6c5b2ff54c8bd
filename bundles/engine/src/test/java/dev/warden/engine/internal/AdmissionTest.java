package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The memory caps of the runs in flight stay within the agent-wide budget. */
class AdmissionTest {

    /** Four runs of 16 MiB plus the per-run overhead fit exactly. */
    private static final int BUDGET_MB = 4 * 17;

    private final CapabilityIndex capabilities = new CapabilityIndex();
    private final List<Long> reported = new CopyOnWriteArrayList<>();
    private final CountDownLatch hold = new CountDownLatch(1);
    private final AtomicInteger inHandler = new AtomicInteger();
    private final AtomicInteger maxInHandler = new AtomicInteger();
    private final AtomicInteger calls = new AtomicInteger();
    private Engine engine;
    private final ExecutorService callers = Executors.newCachedThreadPool();

    @AfterEach
    void close() {
        hold.countDown();
        callers.shutdownNow();
        if (engine != null) {
            engine.close();
        }
    }

    /** secret(): the first {@code blocking} calls wait for {@link #hold}; the rest take {@code ms}. */
    private void install(int blocking, long ms) {
        capabilities.add(Fixtures.secret((ctx, args) -> {
            int now = inHandler.incrementAndGet();
            maxInHandler.accumulateAndGet(now, Math::max);
            try {
                if (calls.incrementAndGet() <= blocking) {
                    hold.await(10, TimeUnit.SECONDS);
                } else if (ms > 0) {
                    Thread.sleep(ms);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inHandler.decrementAndGet();
            }
            return new long[] {1};
        }));
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
    }

    private Engine engine(int budgetMb, long waitMs) {
        engine = new Engine(EngineSettings.defaults().withGuestThreads(16)
                .withRunLimits(RunLimits.defaults().withMemoryBudget(budgetMb, waitMs)), capabilities);
        return engine;
    }

    private static Fixtures.TestPlugin plugin(int memoryMb) {
        return new Fixtures.TestPlugin("probe", Fixtures.manifest(PluginManifest.RUNTIME_NONE,
                List.of("secret", "report", "submit_result"), memoryMb, null));
    }

    private List<Future<CheckResult>> startBlockedRuns(Fixtures.TestPlugin plugin, int n) throws Exception {
        List<Future<CheckResult>> runs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            runs.add(callers.submit(() -> engine.run(Fixtures.request(plugin, null, 20_000L, "{}"))));
        }
        AbandonmentTest.awaitTrue(() -> inHandler.get() == n);
        return runs;
    }

    @Test
    void runThatDoesNotFitWithinItsWaitIsRefusedAndCounted() throws Exception {
        install(4, 0);
        engine(BUDGET_MB, 100);
        var plugin = plugin(16);
        var running = startBlockedRuns(plugin, 4);
        assertEquals(4, engine.inFlight());
        assertEquals(BUDGET_MB * RunLimits.MIB, engine.memoryInUseBytes());

        long start = System.nanoTime();
        CheckResult refused = engine.run(Fixtures.request(plugin, null, 20_000L, "{}"));
        long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(Status.UNKNOWN, refused.status());
        assertEquals("admission: memory budget of " + BUDGET_MB + " MiB is in use", refused.summary());
        AbnormalEndTest.assertStatsPresent(refused, "admission");
        assertEquals(0, refused.stats().hostCalls());
        assertTrue(waitedMs >= 100 && refused.stats().wallMs() >= 100, "waited " + waitedMs + " ms");
        assertEquals(1, engine.admissionRefused());
        assertEquals(4, calls.get(), "the refused run never started");

        hold.countDown();
        for (Future<CheckResult> f : running) {
            assertEquals(Status.OK, f.get(10, TimeUnit.SECONDS).status());
        }
        assertEquals(0, engine.inFlight());
        assertEquals(0, engine.memoryInUseBytes());
    }

    @Test
    void runThatWaitsIsAdmittedAsSoonAsAnotherRunGivesBackItsMemory() throws Exception {
        install(4, 0);
        engine(BUDGET_MB, 10_000);
        var plugin = plugin(16);
        var running = startBlockedRuns(plugin, 4);

        Future<CheckResult> fifth = callers.submit(() -> engine.run(Fixtures.request(plugin, null, 20_000L, "{}")));
        Thread.sleep(150);
        assertFalse(fifth.isDone(), "the fifth run waits for room");
        assertEquals(4, engine.inFlight());

        hold.countDown();
        assertEquals(Status.OK, fifth.get(10, TimeUnit.SECONDS).status());
        for (Future<CheckResult> f : running) {
            assertEquals(Status.OK, f.get(10, TimeUnit.SECONDS).status());
        }
        assertEquals(0, engine.admissionRefused());
    }

    @Test
    void neverMoreRunsInFlightThanTheBudgetHolds() throws Exception {
        install(0, 30);
        engine(BUDGET_MB, 10_000);
        var plugin = plugin(16);

        List<Future<CheckResult>> runs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            runs.add(callers.submit(() -> engine.run(Fixtures.request(plugin, null, 20_000L, "{}"))));
        }
        for (Future<CheckResult> f : runs) {
            CheckResult r = f.get(20, TimeUnit.SECONDS);
            assertEquals(Status.OK, r.status(), r.summary());
        }

        assertTrue(maxInHandler.get() <= 4, "at most 4 of 16 MiB in a budget of " + BUDGET_MB + " MiB, saw "
                + maxInHandler.get());
        assertEquals(12, calls.get());
        assertEquals(0, engine.memoryInUseBytes());
    }

    @Test
    void runLargerThanTheWholeBudgetStillRunsAlone() {
        install(0, 0);
        engine(8, 100);

        CheckResult r = engine.run(Fixtures.request(plugin(16)));

        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals(8 * RunLimits.MIB, engine.memoryBudgetBytes());
    }

    @Test
    void defaultBudgetIsHalfTheHeap() {
        engine = new Engine(EngineSettings.defaults(), capabilities);

        assertEquals(Runtime.getRuntime().maxMemory() / 2, engine.memoryBudgetBytes());
    }
}
