package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** After a run nothing of it stays reachable, even through a capability that keeps what it was given. */
class RunCleanupTest {

    private final CapabilityIndex capabilities = new CapabilityIndex();
    private final List<Long> reported = new CopyOnWriteArrayList<>();
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void guestMemoryAndInstanceAreUnreachableAfterTheRunEvenWhenACapabilityKeepsTheContext(ExecutionMode mode)
            throws Exception {
        AtomicReference<CallContext> kept = new AtomicReference<>();
        AtomicReference<WeakReference<Object>> memory = new AtomicReference<>();
        capabilities.add(Fixtures.secret((ctx, args) -> {
            kept.set(ctx); // a misbehaving capability holding on to the run
            memory.set(new WeakReference<>(((RunContext) ctx).memory()));
            return new long[] {1};
        }));
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        engine = new Engine(EngineSettings.defaults().withMode(mode), capabilities);
        var plugin = new Fixtures.TestPlugin("probe", Fixtures.manifest(List.of("secret", "report", "submit_result")));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals(65536, r.stats().memoryPeakBytes(), "the figures are kept when the memory is let go");
        awaitCollected(memory.get());
        assertNull(memory.get().get(), "the run's memory (and so its instance) is unreachable");
        assertThrows(GuestMemoryException.class, () -> kept.get().read(0, 1),
                "a context kept past its run reads nothing");
        assertEquals(0, engine.inFlight());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void contextOfARunIsUnreachableOnceTheRunEnded(ExecutionMode mode) throws Exception {
        AtomicReference<WeakReference<Object>> context = new AtomicReference<>();
        capabilities.add(Fixtures.secret((ctx, args) -> {
            context.set(new WeakReference<>(ctx));
            return new long[] {1};
        }));
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        engine = new Engine(EngineSettings.defaults().withMode(mode), capabilities);
        var plugin = new Fixtures.TestPlugin("probe", Fixtures.manifest(List.of("secret", "report", "submit_result")));

        for (int i = 0; i < 3; i++) {
            engine.run(Fixtures.request(plugin)); // the guest thread goes on to other runs
        }

        awaitCollected(context.get());
        assertNull(context.get().get(), "no guest thread, cache or pool keeps a finished run's context");
    }

    private static void awaitCollected(WeakReference<?> ref) throws InterruptedException {
        for (int i = 0; i < 100 && ref.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
    }
}
