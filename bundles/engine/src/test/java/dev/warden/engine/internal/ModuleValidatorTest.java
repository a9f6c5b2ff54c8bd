package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginManifest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModuleValidatorTest {

    private final Engine engine = new Engine(EngineSettings.defaults(), new CapabilityIndex());

    @AfterEach
    void close() {
        engine.close();
    }

    private InvalidPluginException refused(String fixture, PluginManifest manifest) {
        var e = assertThrows(InvalidPluginException.class, () -> engine.validate(Fixtures.wasm(fixture), manifest));
        assertEquals("invalid_module", e.code());
        return e;
    }

    @Test
    void acceptsAWellFormedChecker() throws InvalidPluginException {
        engine.validate(Fixtures.wasm("checker"), Fixtures.manifest(List.of("get_config", "log", "submit_result")));
        engine.validate(Fixtures.wasm("wasi-hello"), Fixtures.manifest(PluginManifest.RUNTIME_WASI,
                List.of("submit_result"), null, null));
    }

    @Test
    void refusesInitialMemoryAboveTheCap() {
        var e = refused("big-memory", Fixtures.manifest(List.of()));

        assertEquals("module declares an initial memory of 300 pages (18.75 MB), above the cap of 256 pages (16 MB)",
                e.getMessage());
    }

    @Test
    void acceptsTheSameModuleWhenTheManifestRequestsEnoughMemory() throws InvalidPluginException {
        engine.validate(Fixtures.wasm("big-memory"), Fixtures.manifest(PluginManifest.RUNTIME_NONE, List.of(), 32,
                null));
    }

    @Test
    void refusesImportedMemory() {
        var e = refused("imported-memory", Fixtures.manifest(List.of()));

        assertTrue(e.getMessage().contains("imports its memory"), e.getMessage());
    }

    @Test
    void refusesAMissingEntrypoint() {
        var e = refused("no-entrypoint", Fixtures.manifest(List.of()));

        assertEquals("entrypoint run_check is not an exported function", e.getMessage());
    }

    @Test
    void refusesAnEntrypointWithParameters() {
        var e = refused("entrypoint-with-params", Fixtures.manifest(List.of()));

        assertEquals("exported function run_check must take no parameters and return nothing, but is (i32) -> ()",
                e.getMessage());
    }

    @Test
    void refusesWasiImportsWithoutTheWasiRuntime() {
        var e = refused("wasi-hello", Fixtures.manifest(List.of("submit_result")));

        assertTrue(e.getMessage().contains("wasi_snapshot_preview1.fd_write"), e.getMessage());
    }

    @Test
    void refusesBytesThatAreNotWasm() {
        var e = assertThrows(InvalidPluginException.class,
                () -> engine.validate("not wasm at all".getBytes(), Fixtures.manifest(List.of())));

        assertEquals("invalid_module", e.code());
        assertTrue(e.getMessage().startsWith("not a valid Wasm module"), e.getMessage());
    }

    @Test
    void doesNotRequireCapabilityBundlesAtValidationTime() throws InvalidPluginException {
        engine.validate(Fixtures.wasm("probe"), Fixtures.manifest(List.of("secret", "report", "submit_result")));
    }
}
