package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EngineTimeoutTest {

    private static final long TIMEOUT_MS = 300;

    private Engine engine;

    @AfterEach
    void close() {
        engine.close();
    }

    @ParameterizedTest(name = "{0} in {1} mode")
    @CsvSource({"loop-br-if, COMPILER", "loop-br-if, INTERPRETER", "loop-br-table, COMPILER",
            "loop-br-table, INTERPRETER"})
    void endlessLoopStopsWithinTimeoutPlusGrace(String fixture, ExecutionMode mode) {
        engine = new Engine(EngineSettings.defaults().withMode(mode), new CapabilityIndex());
        var plugin = new Fixtures.TestPlugin(fixture, Fixtures.manifest(List.of()));
        engine.run(Fixtures.request(plugin, null, 50L, "{}")); // compiles outside the measured run

        long start = System.nanoTime();
        CheckResult r = engine.run(Fixtures.request(plugin, null, TIMEOUT_MS, "{}"));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("timeout: run exceeded " + TIMEOUT_MS + " ms", r.summary());
        assertEquals("timeout", r.stats().abnormalEnd());
        assertTrue(elapsedMs >= TIMEOUT_MS, "ran " + elapsedMs + " ms");
        assertTrue(elapsedMs <= TIMEOUT_MS + Engine.GRACE_MS, "ran " + elapsedMs + " ms");
        assertEquals(0, engine.abandonedRuns(), "the guest must stop on interruption, not be abandoned");
    }

    @Test
    void manifestTimeoutAppliesWhenTheAssignmentSetsNone() {
        engine = new Engine(EngineSettings.defaults(), new CapabilityIndex());
        var plugin = new Fixtures.TestPlugin("loop-br-if", Fixtures.manifest(
                dev.warden.api.dto.PluginManifest.RUNTIME_NONE, List.of(), null, 120L));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertEquals("timeout: run exceeded 120 ms", r.summary());
    }

    @Test
    void timeoutIsCappedByTheConfiguredMaximum() {
        var settings = new EngineSettings(ExecutionMode.COMPILER, 64, 16, 5000, 100, 65536, 1000, 2, 8);
        engine = new Engine(settings, new CapabilityIndex());
        var plugin = new Fixtures.TestPlugin("loop-br-if", Fixtures.manifest(List.of()));

        CheckResult r = engine.run(Fixtures.request(plugin, null, 10_000L, "{}"));

        assertEquals("timeout: run exceeded 100 ms", r.summary());
    }

    @Test
    void guestThreadsAreReusableAfterTimeouts() {
        var settings = new EngineSettings(ExecutionMode.COMPILER, 64, 16, 5000, 60000, 65536, 1000, 1, 8);
        var capabilities = new CapabilityIndex();
        capabilities.add(Fixtures.getConfig());
        capabilities.add(Fixtures.log());
        capabilities.add(Fixtures.submitResult());
        engine = new Engine(settings, capabilities);
        var loop = new Fixtures.TestPlugin("loop-br-if", Fixtures.manifest(List.of()));
        var checker = new Fixtures.TestPlugin("checker", Fixtures.manifest(List.of("get_config", "log", "submit_result")));

        for (int i = 0; i < 3; i++) {
            assertEquals("timeout", engine.run(Fixtures.request(loop, null, 30L, "{}")).stats().abnormalEnd());
            assertEquals(Status.OK, engine.run(Fixtures.request(checker)).status(),
                    "an interrupt aimed at the timed-out run must not reach the next one");
        }
    }
}
