package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.PluginPackage;
import dev.warden.api.RunRequest;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.LogLine;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Status;
import dev.warden.api.spi.GuestMemoryException;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EngineRunTest {

    private final CapabilityIndex capabilities = new CapabilityIndex();
    private final List<Long> reported = new CopyOnWriteArrayList<>();
    private Engine engine;

    private Engine engine(ExecutionMode mode) {
        engine = new Engine(EngineSettings.defaults().withMode(mode), capabilities);
        return engine;
    }

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private void installStandard() {
        capabilities.add(Fixtures.getConfig());
        capabilities.add(Fixtures.log());
        capabilities.add(Fixtures.submitResult());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void wellBehavedCheckerEndsWithItsLastSubmittedResult(ExecutionMode mode) {
        installStandard();
        var plugin = new Fixtures.TestPlugin("checker", Fixtures.manifest(List.of("get_config", "log", "submit_result")));

        CheckResult r = engine(mode).run(Fixtures.request(plugin));

        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals("second", r.summary());
        assertNull(r.stats().abnormalEnd());
        assertEquals(List.of(new LogLine("info", "init"), new LogLine("info", "hello"),
                new LogLine("debug", "{\"target\":\"example\"}")), r.logs());
        assertEquals(6, r.stats().hostCalls(), "log + get_config + 2 logs + 2 submits");
        assertEquals(65536, r.stats().memoryPeakBytes());
        assertEquals("test-plugin", r.pluginId());
        assertEquals("1.0.0", r.pluginVersion());
        assertEquals("assignment-1", r.assignmentId());
        assertEquals("agent-1", r.agentId());
        assertEquals(UUID.fromString(r.id()).toString(), r.id());
        assertNotNull(Instant.parse(r.observedAt()));
        assertTrue(r.stats().logBytes() > 0);
        assertEquals(0, r.stats().logDropped());
    }

    @Test
    void eachRunGetsItsOwnResultId() {
        installStandard();
        var plugin = new Fixtures.TestPlugin("checker", Fixtures.manifest(List.of("get_config", "log", "submit_result")));
        Engine e = engine(ExecutionMode.COMPILER);

        assertNotEquals(e.run(Fixtures.request(plugin)).id(), e.run(Fixtures.request(plugin)).id());
    }

    @Test
    void importNobodyProvidesEndsUnknownNamingTheMissingCapability() {
        capabilities.add(Fixtures.getConfig());
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("checker", Fixtures.manifest(List.of("get_config", "log", "submit_result")));

        CheckResult r = engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin));

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("missing capability: env.log is not provided by any installed capability bundle", r.summary());
        assertEquals("missing_capability", r.stats().abnormalEnd());
    }

    @Test
    void capabilityRemovedAtRuntimeIsMissingForTheNextRunAndBackWhenReinstalled() {
        capabilities.add(Fixtures.getConfig());
        capabilities.add(Fixtures.submitResult());
        var log = Fixtures.log();
        capabilities.add(log);
        var plugin = new Fixtures.TestPlugin("checker", Fixtures.manifest(List.of("get_config", "log", "submit_result")));
        Engine e = engine(ExecutionMode.COMPILER);
        assertEquals(Status.OK, e.run(Fixtures.request(plugin)).status());

        capabilities.remove(log);
        assertEquals("missing_capability", e.run(Fixtures.request(plugin)).stats().abnormalEnd());

        capabilities.add(log);
        assertEquals(Status.OK, e.run(Fixtures.request(plugin)).status());
    }

    @Test
    void capabilityNotRequestedByTheManifestReturnsDenied() {
        capabilities.add(Fixtures.secret((ctx, args) -> new long[] {42}));
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("probe", Fixtures.manifest(List.of("report", "submit_result")));

        CheckResult r = engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin));

        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals(List.of(-2L), reported);
    }

    @Test
    void capabilityRequestedButNotGrantedReturnsDenied() {
        capabilities.add(Fixtures.secret((ctx, args) -> new long[] {42}));
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("probe", Fixtures.manifest(List.of("secret", "report", "submit_result")));
        var grants = new Grants(List.of("report", "submit_result"), null);

        engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin, grants, null, "{}"));

        assertEquals(List.of(-2L), reported);
    }

    @Test
    void requestedAndGrantedCapabilityRunsItsHandlerWithTheArguments() {
        capabilities.add(Fixtures.secret((ctx, args) -> new long[] {args[0] * 6}));
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("probe", Fixtures.manifest(List.of("secret", "report", "submit_result")));

        engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin));

        assertEquals(List.of(42L), reported);
    }

    @Test
    void guestMemoryErrorInAHandlerReturnsInvalidToTheGuest() {
        capabilities.add(Fixtures.secret((ctx, args) -> new long[] {ctx.read(65530, 100).length}));
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("probe", Fixtures.manifest(List.of("secret", "report", "submit_result")));

        CheckResult r = engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin));

        assertEquals(Status.OK, r.status());
        assertEquals(List.of(-1L), reported);
    }

    @Test
    void handlerThatThrowsEndsUnknownNamingTheHostFunction() {
        capabilities.add(Fixtures.secret((ctx, args) -> {
            throw new IllegalStateException("boom");
        }));
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("probe", Fixtures.manifest(List.of("secret", "report", "submit_result")));

        CheckResult r = engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin));

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("host function env.secret failed: boom", r.summary());
        assertEquals("host_failure", r.stats().abnormalEnd());
        assertTrue(reported.isEmpty());
    }

    @Test
    void handlerWithTheWrongSignatureIsReportedAsMissing() {
        capabilities.add(new Fixtures.Capability("secret", dev.warden.api.spi.HostFunction.env("secret",
                Fixtures.I32_I32, Fixtures.I32, (ctx, args) -> new long[] {1})));
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("probe", Fixtures.manifest(List.of("secret", "report", "submit_result")));

        CheckResult r = engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin));

        assertEquals("missing_capability", r.stats().abnormalEnd());
        assertEquals("missing capability: env.secret is imported as (i32) -> (i32) but capability secret provides "
                + "(i32,i32) -> (i32)", r.summary());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void trapEndsUnknownWithTheTrapMessage(ExecutionMode mode) {
        var plugin = new Fixtures.TestPlugin("trap", Fixtures.manifest(List.of()));

        CheckResult r = engine(mode).run(Fixtures.request(plugin));

        assertEquals(Status.UNKNOWN, r.status());
        assertTrue(r.summary().startsWith("trap: "), r.summary());
        assertTrue(r.summary().contains("unreachable"), r.summary());
        assertEquals("trap", r.stats().abnormalEnd());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void endlessRecursionEndsAsExhaustedCallStack(ExecutionMode mode) {
        var plugin = new Fixtures.TestPlugin("recurse", Fixtures.manifest(List.of()));

        CheckResult r = engine(mode).run(Fixtures.request(plugin, null, 30_000L, "{}"));

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("trap: call stack exhausted", r.summary());
        assertEquals("trap", r.stats().abnormalEnd());
    }

    @Test
    void pluginThatSubmitsNothingEndsUnknown() {
        var manifest = new PluginManifest("p", "p", "1.0.0", null, "something_else", null, null, List.of(), null, null,
                null, null, null);
        var plugin = new Fixtures.TestPlugin("no-entrypoint", manifest);

        CheckResult r = engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin));

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("plugin did not submit a result", r.summary());
        assertEquals("no_result", r.stats().abnormalEnd());
    }

    @Test
    void runRefusesAModuleWithoutTheEntrypoint() {
        var plugin = new Fixtures.TestPlugin("no-entrypoint", Fixtures.manifest(List.of()));

        CheckResult r = engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin));

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("invalid module: entrypoint run_check is not an exported function", r.summary());
        assertEquals("invalid_module", r.stats().abnormalEnd());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void memoryGrowPastTheCapReturnsMinusOne(ExecutionMode mode) {
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("grow", Fixtures.manifest(PluginManifest.RUNTIME_NONE,
                List.of("report", "submit_result"), 1, null));

        CheckResult r = engine(mode).run(Fixtures.request(plugin));

        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals(List.of(1L, -1L), reported, "grow by 1 page succeeds from 1 page, grow past 16 pages fails");
        assertEquals(2 * 65536, r.stats().memoryPeakBytes());
    }

    @Test
    void memoryCapNeverExceedsTheAgentCeiling() {
        capabilities.add(Fixtures.report(reported));
        capabilities.add(Fixtures.submitResult());
        var settings = new EngineSettings(ExecutionMode.COMPILER, 1, 1, 5000, 60000, 65536, 1000, 2, 8);
        engine = new Engine(settings, capabilities);
        var plugin = new Fixtures.TestPlugin("big-memory", Fixtures.manifest(PluginManifest.RUNTIME_NONE, List.of(),
                1024, null));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertEquals("invalid_module", r.stats().abnormalEnd());
        assertTrue(r.summary().contains("above the cap of 16 pages (1 MB)"), r.summary());
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void wasiOutputLandsInTheRunLog(ExecutionMode mode) {
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("wasi-hello", Fixtures.manifest(PluginManifest.RUNTIME_WASI,
                List.of("submit_result"), null, null));

        CheckResult r = engine(mode).run(Fixtures.request(plugin));

        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals(List.of(new LogLine("info", "hello from wasi"), new LogLine("warn", "careful")), r.logs());
        assertEquals(3, r.stats().hostCalls());
    }

    @Test
    void wasiImportsAreNotLinkedWithoutTheWasiRuntime() {
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("wasi-hello", Fixtures.manifest(List.of("submit_result")));

        CheckResult r = engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin));

        assertEquals("missing_capability", r.stats().abnormalEnd());
        assertEquals("missing capability: wasi_snapshot_preview1.fd_write needs runtime: wasi-preview1", r.summary());
    }

    @Test
    void nonZeroExitOverridesASubmittedResult() {
        capabilities.add(Fixtures.submitResult());
        var plugin = new Fixtures.TestPlugin("wasi-exit", Fixtures.manifest(PluginManifest.RUNTIME_WASI,
                List.of("submit_result"), null, null));

        CheckResult r = engine(ExecutionMode.COMPILER).run(Fixtures.request(plugin));

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("proc_exit(3)", r.summary());
        assertEquals("exit", r.stats().abnormalEnd());
    }

    @Test
    void logIsCappedAndCountsWhatWasDropped() {
        installStandard();
        var settings = new EngineSettings(ExecutionMode.COMPILER, 64, 16, 5000, 60000, 65536, 2, 2, 8);
        engine = new Engine(settings, capabilities);
        var plugin = new Fixtures.TestPlugin("checker", Fixtures.manifest(List.of("get_config", "log", "submit_result")));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertEquals(Status.OK, r.status());
        assertEquals(List.of(new LogLine("info", "init"), new LogLine("info", "hello")), r.logs());
        assertEquals(1, r.stats().logDropped());
        assertEquals(9, r.stats().logBytes());
    }

    @Test
    void unreadablePluginPackageStillYieldsAnUnknownResult() {
        var healthy = new Fixtures.TestPlugin("checker", Fixtures.manifest(List.of()));
        PluginPackage broken = new PluginPackage() {
            @Override
            public PluginInfo info() {
                var i = healthy.info();
                return new PluginInfo(i.manifest(), "00ff", i.wasmSize(), null, "disk", null, false);
            }

            @Override
            public byte[] wasm() throws IOException {
                throw new IOException("disk on fire");
            }

            @Override
            public Optional<String> configSchema() {
                return Optional.empty();
            }
        };

        CheckResult r = engine(ExecutionMode.COMPILER).run(Fixtures.request(broken));

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("cannot read the plugin module: disk on fire", r.summary());
        assertEquals("agent-1", r.agentId());
        assertEquals("test-plugin", r.pluginId());
    }

    @Test
    void runNeverThrowsEvenForANullRequestPart() {
        CheckResult r = engine(ExecutionMode.COMPILER).run(new RunRequest(null, null, "agent-1"));

        assertEquals(Status.UNKNOWN, r.status());
        assertEquals("internal", r.stats().abnormalEnd());
        assertEquals("agent-1", r.agentId());
    }

    @Test
    void effectiveGrantsOnlyNarrowWhatTheManifestRequested() {
        var manifest = Fixtures.manifest(List.of("log", "submit_result"));

        var g = EffectiveGrants.of(manifest, new Grants(List.of("submit_result", "http_request"), null));

        assertEquals(List.of("submit_result"), g.capabilities());
        assertEquals(List.of("log", "submit_result"), EffectiveGrants.of(manifest, null).capabilities());
    }

    @Test
    void guestMemoryExceptionIsThrownForOutOfRangeAccess() {
        var ctx = new RunContext(null, null, null, "{}", new RunLog(10, 10));
        org.junit.jupiter.api.Assertions.assertThrows(GuestMemoryException.class, () -> ctx.read(0, 1));
    }
}
