package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Resources;
import dev.warden.api.dto.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every way out of a run the engine itself decides ends in a result that names the reason. */
class AbnormalEndTest {

    private final CapabilityIndex capabilities = new CapabilityIndex();
    private final List<Long> reported = new CopyOnWriteArrayList<>();
    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    static PluginManifest manifestWithEntrypoint(String entrypoint, List<String> capabilities) {
        return new PluginManifest("test-plugin", "Test plugin", "1.0.0", null, entrypoint,
                PluginManifest.RUNTIME_NONE, "serviceradar.plugin_result.v1", capabilities, null,
                new Resources(null, null, null, null, null, null), null, null, null);
    }

    static void assertStatsPresent(CheckResult r, String abnormalEnd) {
        assertNotNull(r.stats(), "every result carries stats");
        assertEquals(abnormalEnd, r.stats().abnormalEnd(), r.summary());
        assertTrue(r.stats().wallMs() >= 0 && r.stats().cpuMs() >= 0 && r.stats().memoryPeakBytes() >= 0
                && r.stats().hostCalls() >= 0 && r.stats().logBytes() >= 0 && r.stats().egressBytes() >= 0
                && r.stats().egressDenied() >= 0, r.stats().toString());
    }

    @ParameterizedTest(name = "{0} in {2} mode")
    @CsvSource({
            "unreachable, unreachable, COMPILER", "unreachable, unreachable, INTERPRETER",
            "divide_by_zero, integer divide by zero, COMPILER", "divide_by_zero, integer divide by zero, INTERPRETER",
            "integer_overflow, integer overflow, COMPILER", "integer_overflow, integer overflow, INTERPRETER",
            "invalid_conversion, invalid conversion to integer, COMPILER",
            "invalid_conversion, invalid conversion to integer, INTERPRETER",
            "conversion_overflow, integer overflow, COMPILER", "conversion_overflow, integer overflow, INTERPRETER",
            "out_of_bounds_memory, out of bounds memory access, COMPILER",
            "out_of_bounds_memory, out of bounds memory access, INTERPRETER",
            "out_of_bounds_table, out of bounds table access, COMPILER",
            "out_of_bounds_table, out of bounds table access, INTERPRETER",
            "indirect_type_mismatch, indirect call type mismatch, COMPILER",
            "indirect_type_mismatch, indirect call type mismatch, INTERPRETER",
            "undefined_element, undefined element, COMPILER", "undefined_element, undefined element, INTERPRETER",
            "null_element, uninitialized element, COMPILER", "null_element, uninitialized element, INTERPRETER",
            "out_of_bounds_after_failed_grow, out of bounds memory access, COMPILER",
            "out_of_bounds_after_failed_grow, out of bounds memory access, INTERPRETER"})
    void everyKindOfTrapEndsUnknownNamingTheTrap(String export, String message, ExecutionMode mode) {
        engine = new Engine(EngineSettings.defaults().withMode(mode), capabilities);
        var plugin = new Fixtures.TestPlugin("traps", manifestWithEntrypoint(export, List.of()));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertEquals(Status.UNKNOWN, r.status());
        assertTrue(r.summary().startsWith("trap: ") && r.summary().contains(message), r.summary());
        assertStatsPresent(r, "trap");
        assertEquals(65536, r.stats().memoryPeakBytes());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void startFunctionThatNeverReturnsTimesOutInsideTheRunBudget(ExecutionMode mode) {
        engine = new Engine(EngineSettings.defaults().withMode(mode), capabilities);
        var plugin = new Fixtures.TestPlugin("start-loop", Fixtures.manifest(List.of()));

        long start = System.nanoTime();
        CheckResult r = engine.run(Fixtures.request(plugin, null, 200L, "{}"));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("timeout: run exceeded 200 ms", r.summary());
        assertStatsPresent(r, "timeout");
        assertEquals(65536, r.stats().memoryPeakBytes(), "memory is known before the start function runs");
        assertTrue(r.stats().cpuMs() > 0, "the start function burnt CPU on the guest thread");
        assertTrue(elapsedMs < 200 + Engine.GRACE_MS + 2000, "ran " + elapsedMs + " ms");
        assertEquals(0, engine.abandonedRuns());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void startFunctionThatTrapsEndsAsATrap(ExecutionMode mode) {
        engine = new Engine(EngineSettings.defaults().withMode(mode), capabilities);
        var plugin = new Fixtures.TestPlugin("start-trap", Fixtures.manifest(List.of()));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertTrue(r.summary().startsWith("trap: ") && r.summary().contains("unreachable"), r.summary());
        assertStatsPresent(r, "trap");
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void hostCallFloodEndsAtTheHostCallLimit(ExecutionMode mode) {
        var served = new java.util.concurrent.atomic.AtomicLong();
        capabilities.add(new Fixtures.Capability("report", dev.warden.api.spi.HostFunction.env("report",
                Fixtures.I32, List.of(), (ctx, args) -> {
                    served.incrementAndGet();
                    return new long[0];
                })));
        engine = new Engine(EngineSettings.defaults().withMode(mode), capabilities);
        var plugin = new Fixtures.TestPlugin("host-call-flood", Fixtures.manifest(List.of("report")));

        CheckResult r = engine.run(Fixtures.request(plugin, null, 30_000L, "{}"));

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("host call limit of 100000 reached", r.summary());
        assertStatsPresent(r, "host_call_limit");
        assertEquals(100_001, r.stats().hostCalls(), "the call past the limit is counted and not served");
        assertEquals(100_000, served.get());
    }

    @Test
    void hostCallLimitIsConfigurable() {
        capabilities.add(Fixtures.report(reported));
        engine = new Engine(EngineSettings.defaults()
                .withRunLimits(RunLimits.defaults().withMaxHostCalls(10)), capabilities);
        var plugin = new Fixtures.TestPlugin("host-call-flood", Fixtures.manifest(List.of("report")));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertEquals("host call limit of 10 reached", r.summary());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), reported);
    }

    @Test
    void logFloodKeepsTheFirstLinesAndCountsTheRest() {
        capabilities.add(Fixtures.log());
        capabilities.add(Fixtures.submitResult());
        engine = new Engine(EngineSettings.defaults(), capabilities);
        var plugin = new Fixtures.TestPlugin("log-flood", Fixtures.manifest(List.of("log", "submit_result")));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertEquals(Status.OK, r.status(), "a flood of log lines is not a failure");
        assertEquals(1000, r.logs().size());
        assertEquals(4000, r.stats().logDropped());
        assertEquals(8000, r.stats().logBytes());
        assertEquals(5001, r.stats().hostCalls());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void tableGrowthStopsAtTheTableCapAndDoesNotCarryOverToTheNextRun(ExecutionMode mode) {
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        engine = new Engine(EngineSettings.defaults().withMode(mode), capabilities);
        var plugin = new Fixtures.TestPlugin("table-grow", Fixtures.manifest(List.of("report", "submit_result")));

        CheckResult first = engine.run(Fixtures.request(plugin));
        List<Long> firstReports = List.copyOf(reported);
        reported.clear();
        CheckResult second = engine.run(Fixtures.request(plugin));

        assertEquals(Status.OK, first.status(), first.summary());
        assertEquals(List.of(2L, 2L, -1L, 12L), firstReports, "size 2, grow by 10 from 2, grow past the cap fails");
        assertEquals(Status.OK, second.status(), second.summary());
        assertEquals(firstReports, reported, "every run starts from the declared table, whatever the last one grew");
    }

    @Test
    void tablesOfOneInstanceShareTheTableCap() {
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        engine = new Engine(EngineSettings.defaults()
                .withModuleLimits(ModuleLimits.defaults().withMaxTableElements(13)), capabilities);
        var plugin = new Fixtures.TestPlugin("table-grow", Fixtures.manifest(List.of("report", "submit_result")));

        engine.run(Fixtures.request(plugin));

        assertEquals(List.of(2L, 2L, -1L, 12L), reported, "2 + 10 fit in 13; 200000 more do not");
    }

    @Test
    void modulesWhoseTablesTogetherExceedTheCapAreRefused() {
        engine = new Engine(EngineSettings.defaults()
                .withModuleLimits(ModuleLimits.defaults().withMaxTableElements(10)), capabilities);
        var plugin = new Fixtures.TestPlugin("many-tables", Fixtures.manifest(List.of()));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertEquals("invalid module: tables 0-1 start with 12 elements together; the limit is 10"
                + " (max_table_elements)", r.summary());
        assertStatsPresent(r, "invalid_module");
    }

    @Test
    void tableCapAtRunTimeCoversModulesCompiledUnderALargerCap() {
        var factory = CappedTable.factory(10);
        var table = new com.dylibso.chicory.wasm.types.Table(com.dylibso.chicory.wasm.types.ValType.FuncRef,
                new com.dylibso.chicory.wasm.types.TableLimits(6));

        var first = factory.create(table, -1);
        var e = org.junit.jupiter.api.Assertions.assertThrows(RunLimitExceeded.class,
                () -> factory.create(table, -1));

        assertEquals(6, first.size());
        assertEquals(10, first.limits().max(), "an open-ended table is bounded by the cap");
        assertEquals("table_limit", e.abnormalEnd());
        assertEquals(6, table.limits().min(), "the module's own table is never changed");
    }

    @Test
    void resultWithAnInvalidStatusIsRejectedAndTheRunEndsWithoutAResult() {
        capabilities.add(Fixtures.submitResult());
        engine = new Engine(EngineSettings.defaults(), capabilities);
        var plugin = new Fixtures.TestPlugin("bad-status", Fixtures.manifest(List.of("submit_result")));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("plugin did not submit a result", r.summary());
        assertStatsPresent(r, "no_result");
    }
}
