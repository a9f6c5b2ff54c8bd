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
            return ModuleCompiler.compile(Fixtures.wasm("trap"), ExecutionMode.INTERPRETER);
        };
        var a = cache.get("a", loader);
        cache.get("b", loader);
        assertSame(a, cache.get("a", loader)); // a is now the most recent
        cache.get("c", loader); // evicts b

        cache.get("a", loader);
        assertEquals(3, loads.get());
        cache.get("b", loader);
        assertEquals(4, loads.get());
        assertEquals(2, cache.size());
    }

    @Test
    void failedLoadsAreNotRemembered() {
        var cache = new CompiledModuleCache(2);
        var loads = new AtomicInteger();
        CompiledModuleCache.Loader bad = () -> {
            loads.incrementAndGet();
            return ModuleCompiler.compile("nope".getBytes(), ExecutionMode.COMPILER);
        };

        assertThrows(InvalidPluginException.class, () -> cache.get("x", bad));
        assertThrows(InvalidPluginException.class, () -> cache.get("x", bad));

        assertEquals(2, loads.get());
        assertEquals(0, cache.size());
    }
}
