package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Status;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CompileBudgetTest {

    private static final PluginManifest STANDARD = Fixtures.manifest(List.of("get_config", "log", "submit_result"));

    private final CapabilityIndex capabilities = new CapabilityIndex();
    private Engine engine;

    CompileBudgetTest() {
        capabilities.add(Fixtures.getConfig());
        capabilities.add(Fixtures.log());
        capabilities.add(Fixtures.submitResult());
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    /** Valid and well within the structural limits, but takes a noticeable time to decode and compile. */
    private static byte[] moderatelyLarge() {
        var w = new WasmBinary();
        int type = w.voidType();
        w.exportFunction("run_check", w.function(type)).memory(1);
        for (int i = 0; i < 400; i++) {
            w.function(type, new long[0][], WasmBinary.constDrops(150));
        }
        return w.bytes();
    }

    private static EngineSettings budget(long ms) {
        return EngineSettings.defaults().withModuleLimits(ModuleLimits.defaults().withMaxCompileMs(ms));
    }

    @Test
    void aModuleThatDoesNotCompileWithinTheBudgetIsRefusedAndTheEngineCarriesOn() throws Exception {
        engine = new Engine(budget(1), capabilities);
        byte[] large = moderatelyLarge();
        var manifest = Fixtures.manifest(List.of());

        long start = System.nanoTime();
        var e = assertThrows(InvalidPluginException.class, () -> engine.validate(large, manifest));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals("invalid_module", e.code());
        assertEquals("module did not compile within 1 ms", e.getMessage());
        assertTrue(ms < 1000, "refused after " + ms + " ms");
        assertEquals(1, engine.abandonedCompilations());
        var again = assertThrows(InvalidPluginException.class, () -> engine.validate(large, manifest));
        assertTrue(again.getMessage().startsWith("module did not compile within 1 ms"), again.getMessage());

        // The agent carries on: other modules validate and run while the abandoned compilation finishes.
        engine.reconfigure(EngineSettings.defaults());
        var checker = new Fixtures.TestPlugin("checker", STANDARD);
        assertDoesNotThrow(() -> engine.validate(Fixtures.wasm("checker"), STANDARD));
        assertEquals(Status.OK, engine.run(Fixtures.request(checker)).status());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (engine.runningAbandonedCompilations() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, engine.runningAbandonedCompilations(), "the abandoned compilation ended");
        // Once it has ended, the same module is judged afresh under the budget in force.
        assertDoesNotThrow(() -> engine.validate(large, manifest));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void aValidatedModuleIsNotCompiledAgainByItsFirstRun(ExecutionMode mode) throws InvalidPluginException {
        engine = new Engine(EngineSettings.defaults().withMode(mode), capabilities);
        var plugin = new Fixtures.TestPlugin("checker", STANDARD);

        engine.validate(Fixtures.wasm("checker"), STANDARD);
        assertEquals(1, engine.compilations());

        assertEquals(Status.OK, engine.run(Fixtures.request(plugin)).status());
        assertEquals(Status.OK, engine.run(Fixtures.request(plugin)).status());

        assertEquals(1, engine.compilations());
        assertEquals(0, plugin.reads.get(), "the run took the validated module from the cache");
    }

    @Test
    void concurrentValidationsOfOneModuleCompileItOnce() throws Exception {
        engine = new Engine(EngineSettings.defaults(), capabilities);
        byte[] large = moderatelyLarge();
        var manifest = Fixtures.manifest(List.of());
        Callable<Void> validate = () -> {
            engine.validate(large, manifest);
            return null;
        };
        var pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Void>> all = pool.invokeAll(List.of(validate, validate, validate, validate));
            for (var f : all) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(1, engine.compilations());
    }

    @Test
    void runsOfModulesThatWereNeverValidatedAreHeldToTheBudgetToo() {
        engine = new Engine(budget(1), capabilities);
        byte[] large = moderatelyLarge();
        var info = new PluginInfo(Fixtures.manifest(List.of()), Engine.sha256(large), large.length, null, "disk",
                "2026-01-01T00:00:00Z", false);
        PluginPackage plugin = new PluginPackage() {
            @Override
            public PluginInfo info() {
                return info;
            }

            @Override
            public byte[] wasm() {
                return large.clone();
            }

            @Override
            public Optional<String> configSchema() {
                return Optional.empty();
            }
        };

        var result = engine.run(Fixtures.request(plugin));

        assertEquals(Status.UNKNOWN, result.status());
        assertEquals("invalid_module", result.stats().abnormalEnd());
        assertEquals("invalid module: module did not compile within 1 ms", result.summary());
    }
}
