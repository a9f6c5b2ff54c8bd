package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.KnownCapabilities;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModuleValidatorTest {

    private final CapabilityIndex capabilities = new CapabilityIndex();
    private final Engine engine = new Engine(EngineSettings.defaults(), capabilities);

    @AfterEach
    void close() {
        engine.close();
    }

    private InvalidPluginException refused(String fixture, PluginManifest manifest) {
        var e = assertThrows(InvalidPluginException.class, () -> engine.validate(Fixtures.wasm(fixture), manifest));
        assertEquals("invalid_module", e.code());
        return e;
    }

    private InvalidPluginException refusedImport(String fixture, PluginManifest manifest) {
        var e = refused(fixture, manifest);
        assertEquals("imports", e.field(), e.getMessage());
        return e;
    }

    private static PluginManifest wasi(List<String> capabilities) {
        return Fixtures.manifest(PluginManifest.RUNTIME_WASI, capabilities, null, null);
    }

    @Test
    void acceptsAWellFormedChecker() {
        assertDoesNotThrow(() -> engine.validate(Fixtures.wasm("checker"),
                Fixtures.manifest(List.of("get_config", "log", "submit_result"))));
        assertDoesNotThrow(() -> engine.validate(Fixtures.wasm("wasi-hello"), wasi(List.of("submit_result"))));
    }

    @Test
    void acceptsImportsOfKnownCapabilitiesWithoutTheirBundlesInstalled() {
        assertDoesNotThrow(() -> engine.validate(Fixtures.wasm("http-import"),
                Fixtures.manifest(List.of("http_request"))));
    }

    @Test
    void refusesAnImportOfACapabilityTheManifestDoesNotList() {
        var e = refusedImport("http-import", Fixtures.manifest(List.of("log")));

        assertEquals("import env.http_request belongs to capability http_request, which the manifest does not list"
                + " under capabilities", e.getMessage());
    }

    @Test
    void refusesAnEnvImportThatNoCapabilityDefines() {
        var e = refusedImport("unknown-env-import", Fixtures.manifest(List.of("log", "frobnicate")));

        assertEquals("import env.frobnicate is not a function of any known capability", e.getMessage());
    }

    @Test
    void refusesAnImportFromAnUnknownModule() {
        var e = refusedImport("foreign-module-import", wasi(List.of()));

        assertTrue(e.getMessage().startsWith("import host.print comes from module host;"), e.getMessage());
    }

    @Test
    void refusesTableAndGlobalImports() {
        var table = refusedImport("table-import", Fixtures.manifest(List.of()));
        var global = refusedImport("global-import", Fixtures.manifest(List.of()));

        assertEquals("module imports table env.table; only functions may be imported", table.getMessage());
        assertEquals("module imports global env.limit; only functions may be imported", global.getMessage());
    }

    @Test
    void refusesImportedMemory() {
        var e = refusedImport("imported-memory", Fixtures.manifest(List.of()));

        assertTrue(e.getMessage().startsWith("module imports memory env.memory;"), e.getMessage());
    }

    @Test
    void refusesWasiImportsWithoutTheWasiRuntime() {
        var e = refusedImport("wasi-hello", Fixtures.manifest(List.of("submit_result")));

        assertTrue(e.getMessage().startsWith("import wasi_snapshot_preview1.fd_write is WASI, which needs runtime:"
                + " wasi-preview1"), e.getMessage());
    }

    @Test
    void refusesAFunctionThatWasiPreview1DoesNotDefine() {
        var e = refusedImport("wasi-unknown", wasi(List.of()));

        assertEquals("import wasi_snapshot_preview1.teleport is not a WASI preview1 function", e.getMessage());
    }

    @Test
    void refusesASignatureThatDiffersFromTheInstalledCapability() {
        var manifest = Fixtures.manifest(List.of("log"));
        // Without the bundle there is no signature to hold the import to.
        assertDoesNotThrow(() -> engine.validate(Fixtures.wasm("log-wrong-signature"), manifest));

        capabilities.add(Fixtures.log());
        var e = refusedImport("log-wrong-signature", manifest);

        assertEquals("import env.log is declared as (i32,i32) -> () but capability log provides (i32,i32,i32) -> ()",
                e.getMessage());
    }

    @Test
    void acceptsImportsOfAnInstalledCapabilityOutsideTheAbiTable() {
        var manifest = Fixtures.manifest(List.of("secret", "report", "submit_result"));
        var e = refusedImport("probe", manifest);
        assertEquals("import env.secret is not a function of any known capability", e.getMessage());

        capabilities.add(Fixtures.secret((ctx, args) -> new long[] {0}));
        capabilities.add(Fixtures.report(new java.util.ArrayList<>()));

        assertDoesNotThrow(() -> engine.validate(Fixtures.wasm("probe"), manifest));
    }

    @Test
    void knownCapabilitiesAreTheAbiTablePlusTheInstalledOnes() {
        assertEquals(KnownCapabilities.IMPORTS.keySet(), engine.knownCapabilities());

        capabilities.add(new Fixtures.Capability("weather",
                HostFunction.env("weather", Fixtures.I32, Fixtures.I32, (ctx, args) -> new long[] {0})));

        assertTrue(engine.knownCapabilities().contains("weather"));
        assertTrue(engine.knownCapabilities().containsAll(KnownCapabilities.IMPORTS.keySet()));
        assertEquals(KnownCapabilities.IMPORTS.size() + 1, engine.knownCapabilities().size());
    }

    @Test
    void refusesInitialMemoryAboveTheCap() {
        var e = refused("big-memory", Fixtures.manifest(List.of()));

        assertEquals("module declares an initial memory of 300 pages (18.75 MB), above the cap of 256 pages (16 MB)",
                e.getMessage());
    }

    @Test
    void acceptsTheSameModuleWhenTheManifestRequestsEnoughMemory() {
        assertDoesNotThrow(() -> engine.validate(Fixtures.wasm("big-memory"),
                Fixtures.manifest(PluginManifest.RUNTIME_NONE, List.of(), 32, null)));
    }

    @Test
    void refusesAMissingEntrypoint() {
        var e = refused("no-entrypoint", Fixtures.manifest(List.of()));

        assertEquals("entrypoint run_check is not an exported function", e.getMessage());
    }

    @Test
    void refusesAnEntrypointExportedAsSomethingElseThanAFunction() {
        var e = refused("entrypoint-not-a-function", Fixtures.manifest(List.of()));

        assertEquals("entrypoint run_check is not an exported function", e.getMessage());
    }

    @Test
    void refusesAnEntrypointWithParameters() {
        var e = refused("entrypoint-with-params", Fixtures.manifest(List.of()));

        assertEquals("exported function run_check must take no parameters and return nothing, but is (i32) -> ()",
                e.getMessage());
    }

    @Test
    void refusesAnEntrypointWithAResult() {
        var e = refused("entrypoint-with-result", Fixtures.manifest(List.of()));

        assertEquals("exported function run_check must take no parameters and return nothing, but is () -> (i32)",
                e.getMessage());
    }

    @Test
    void refusesBytesThatAreNotWasm() {
        var e = assertThrows(InvalidPluginException.class,
                () -> engine.validate("not wasm at all".getBytes(), Fixtures.manifest(List.of())));

        assertEquals("invalid_module", e.code());
        assertTrue(e.getMessage().startsWith("not a valid Wasm module"), e.getMessage());
    }

    @Test
    void aRefusedModuleIsNotCached() {
        refused("http-import", Fixtures.manifest(List.of()));
        refused("http-import", Fixtures.manifest(List.of()));

        assertEquals(2, engine.compilations());
    }
}
