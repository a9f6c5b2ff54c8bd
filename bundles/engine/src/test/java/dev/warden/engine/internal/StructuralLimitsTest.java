package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginManifest;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Compile and memory bombs are refused from their shape, quickly, before Chicory decodes them. */
class StructuralLimitsTest {

    private static final long FAST_MS = 2000;

    private final Engine engine = new Engine(EngineSettings.defaults(), new CapabilityIndex());

    @AfterEach
    void close() {
        engine.close();
    }

    /** A module with a valid entrypoint, plus whatever {@code shape} adds. */
    private static byte[] module(java.util.function.Consumer<WasmBinary> shape) {
        var w = new WasmBinary();
        int type = w.voidType();
        w.exportFunction("run_check", w.function(type)).memory(1);
        shape.accept(w);
        return w.bytes();
    }

    private InvalidPluginException refusedFast(byte[] wasm, PluginManifest manifest) {
        long start = System.nanoTime();
        var e = assertThrows(InvalidPluginException.class, () -> engine.validate(wasm, manifest));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(ms < FAST_MS, "refused after " + ms + " ms");
        assertEquals("invalid_module", e.code());
        assertEquals("plugin.wasm", e.field());
        return e;
    }

    private InvalidPluginException refusedFast(byte[] wasm) {
        return refusedFast(wasm, Fixtures.manifest(List.of()));
    }

    @Test
    void refusesTooManyFunctions() {
        byte[] wasm = module(w -> {
            int type = w.voidType();
            for (int i = 0; i < ModuleLimits.DEFAULT_MAX_FUNCTIONS; i++) {
                w.function(type);
            }
        });

        var e = refusedFast(wasm);

        assertEquals("module defines 20001 functions; the limit is 20000 (max_functions)", e.getMessage());
    }

    @Test
    void refusesAHugeFunctionBody() {
        byte[] nops = new byte[ModuleLimits.DEFAULT_MAX_FUNCTION_BODY_BYTES];
        java.util.Arrays.fill(nops, WasmBinary.NOP);
        byte[] wasm = module(w -> w.function(w.voidType(), new long[0][], nops));

        var e = refusedFast(wasm);

        assertEquals("function body 1 is 1048578 bytes; the limit is 1048576 (max_function_body_bytes)",
                e.getMessage());
    }

    @Test
    void refusesTooManyLocalsAcrossDeclarations() {
        // Each declaration is within Chicory's own per-declaration limit; together they are not.
        long[][] locals = {{40_000, WasmBinary.I32}, {40_000, WasmBinary.I32}, {40_000, WasmBinary.I32}};
        byte[] wasm = module(w -> w.function(w.voidType(), locals, new byte[0]));

        var e = refusedFast(wasm);

        assertEquals("function body 1 declares 80000 locals; the limit is 50000 (max_function_locals)",
                e.getMessage());
    }

    @Test
    void refusesADeclarationOfBillionsOfLocals() {
        long[][] locals = {{0xFFFF_FFFFL, WasmBinary.I32}};
        byte[] wasm = module(w -> w.function(w.voidType(), locals, new byte[0]));

        var e = refusedFast(wasm);

        assertTrue(e.getMessage().contains("(max_function_locals)"), e.getMessage());
    }

    @Test
    void refusesTooMuchCodeInTotal() {
        byte[] wasm = module(w -> {
            int type = w.voidType();
            for (int i = 0; i < 5; i++) {
                w.function(type, new long[0][], WasmBinary.constDrops(300_000));
            }
        });

        var e = refusedFast(wasm);

        assertTrue(e.getMessage().endsWith("bytes of code; the limit is 4194304 (max_code_bytes)"), e.getMessage());
    }

    @Test
    void refusesAHugeTable() {
        var e = refusedFast(module(w -> w.table(ModuleLimits.DEFAULT_MAX_TABLE_ELEMENTS + 1)));

        assertEquals("table 0 starts with 100001 elements; the limit is 100000 (max_table_elements)", e.getMessage());
    }

    @Test
    void refusesTooManyGlobals() {
        var e = refusedFast(module(w -> w.globals(ModuleLimits.DEFAULT_MAX_GLOBALS + 1)));

        assertEquals("module defines 10001 globals; the limit is 10000 (max_globals)", e.getMessage());
    }

    @Test
    void refusesDataSegmentsLargerThanTheMemoryCap() {
        byte[] wasm = module(w -> w.data(new byte[1024 * 1024 + 1]));
        var oneMb = Fixtures.manifest(PluginManifest.RUNTIME_NONE, List.of(), 1, null);

        var e = refusedFast(wasm, oneMb);

        assertEquals("module's data segments hold 1048577 bytes, more than its memory cap of 1048576 bytes",
                e.getMessage());
    }

    @Test
    void limitsAreConfigurable() {
        byte[] wasm = module(w -> {
            int type = w.voidType();
            for (int i = 0; i < 10; i++) {
                w.function(type);
            }
        });
        assertDoesNotThrow(() -> engine.validate(wasm, Fixtures.manifest(List.of())));

        engine.reconfigure(EngineSettings.defaults().withModuleLimits(ModuleLimits.defaults().withMaxFunctions(5)));
        var e = refusedFast(module(w -> {
            int type = w.voidType();
            for (int i = 0; i < 10; i++) {
                w.function(type);
            }
            w.table(1);
        }));

        assertEquals("module defines 11 functions; the limit is 5 (max_functions)", e.getMessage());
    }

    @Test
    void acceptsAModuleJustWithinTheLimits() {
        long[][] locals = {{25_000, WasmBinary.I32}, {25_000, WasmBinary.I32}};
        byte[] wasm = module(w -> {
            w.function(w.voidType(), locals, new byte[0]);
            w.table(ModuleLimits.DEFAULT_MAX_TABLE_ELEMENTS);
            w.data(new byte[1000]);
        });

        assertDoesNotThrow(() -> engine.validate(wasm, Fixtures.manifest(List.of())));
    }

    @Test
    void readsEveryFormOfTablesElementSegmentsAndData() {
        byte[] wasm = Fixtures.wasm("tables-and-elements");
        assertDoesNotThrow(() -> engine.validate(wasm, Fixtures.manifest(List.of())));

        var d = ModuleLimits.defaults();
        var tenElements = new ModuleLimits(d.maxFunctions(), d.maxFunctionBodyBytes(), d.maxFunctionLocals(),
                d.maxCodeBytes(), 10, d.maxGlobals(), d.maxExports(), d.maxImports(), d.maxTypes(), d.maxCompileMs());
        // Another mode is another cache key, so the module is measured again under the new limits.
        engine.reconfigure(EngineSettings.defaults().withMode(ExecutionMode.INTERPRETER).withModuleLimits(tenElements));
        var e = refusedFast(wasm);

        assertEquals("element segments hold 11 or more elements; the limit is 10 (max_table_elements)",
                e.getMessage());
    }
}
