package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.Status;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CompiledModuleCacheTest {

    private static final long BUDGET_MS = 10_000;

    @Test
    void repeatedRunsCompileTheModuleOnceAndReadItOnce() {
        var capabilities = new CapabilityIndex();
        capabilities.add(Fixtures.getConfig());
        capabilities.add(Fixtures.log());
        capabilities.add(Fixtures.submitResult());
        try (var engine = new Engine(EngineSettings.defaults(), capabilities)) {
            var plugin = new Fixtures.TestPlugin("checker",
                    Fixtures.manifest(List.of("get_config", "log", "submit_result")));

            for (int i = 0; i < 5; i++) {
                assertEquals(Status.OK, engine.run(Fixtures.request(plugin)).status());
            }

            assertEquals(1, engine.compilations());
            assertEquals(1, plugin.reads.get());
        }
    }

    @Test
    void switchingTheModeCompilesAgain() {
        try (var engine = new Engine(EngineSettings.defaults(), new CapabilityIndex())) {
            var plugin = new Fixtures.TestPlugin("trap", Fixtures.manifest(List.of()));
            engine.run(Fixtures.request(plugin));

            engine.reconfigure(EngineSettings.defaults().withMode(ExecutionMode.INTERPRETER));
            engine.run(Fixtures.request(plugin));
            engine.run(Fixtures.request(plugin));

            assertEquals(2, engine.compilations());
        }
    }

    @Test
    void evictsTheLeastRecentlyUsedModule() throws Exception {
        var cache = new CompiledModuleCache(2);
        var loads = new AtomicInteger();
        CompiledModuleCache.Loader loader = () -> {
            loads.incrementAndGet();
            return ModuleCompiler.compile(Fixtures.wasm("trap"), ExecutionMode.INTERPRETER, ModuleLimits.defaults(),
                    ModuleCompiler.Precheck.NONE);
        };
        var a = cache.get("a", loader, BUDGET_MS);
        cache.get("b", loader, BUDGET_MS);
        assertSame(a, cache.get("a", loader, BUDGET_MS)); // a is now the most recent
        cache.get("c", loader, BUDGET_MS); // evicts b

        cache.get("a", loader, BUDGET_MS);
        assertEquals(3, loads.get());
        cache.get("b", loader, BUDGET_MS);
        assertEquals(4, loads.get());
        assertEquals(2, cache.size());
    }

    @Test
    void failedLoadsAreNotRemembered() {
        var cache = new CompiledModuleCache(2);
        var loads = new AtomicInteger();
        CompiledModuleCache.Loader bad = () -> {
            loads.incrementAndGet();
            return ModuleCompiler.compile("nope".getBytes(), ExecutionMode.COMPILER, ModuleLimits.defaults(),
                    ModuleCompiler.Precheck.NONE);
        };

        assertThrows(InvalidPluginException.class, () -> cache.get("x", bad, BUDGET_MS));
        assertThrows(InvalidPluginException.class, () -> cache.get("x", bad, BUDGET_MS));

        assertEquals(2, loads.get());
        assertEquals(0, cache.size());
    }
}
