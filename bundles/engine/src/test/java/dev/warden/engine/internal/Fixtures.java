package dev.warden.engine.internal;

import dev.warden.api.PluginPackage;
import dev.warden.api.RunRequest;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Resources;
import dev.warden.api.dto.Status;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.HostHandler;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.ValType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Test modules, manifests and capabilities that stand in for the real capability bundles. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] wasm(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PluginManifest manifest(String runtime, List<String> capabilities, Integer memoryMb, Long timeoutMs) {
        return new PluginManifest("test-plugin", "Test plugin", "1.0.0", null, "run_check", runtime,
                "serviceradar.plugin_result.v1", capabilities, null,
                new Resources(memoryMb, timeoutMs, null, null, null, null), null, null, null);
    }

    static PluginManifest manifest(List<String> capabilities) {
        return manifest(PluginManifest.RUNTIME_NONE, capabilities, null, null);
    }

    /** A plugin package over fixture bytes that counts how often its module is read. */
    static final class TestPlugin implements PluginPackage {
        final AtomicInteger reads = new AtomicInteger();
        private final PluginInfo info;
        private final byte[] wasm;

        TestPlugin(String fixture, PluginManifest manifest) {
            this.wasm = Fixtures.wasm(fixture);
            this.info = new PluginInfo(manifest, Engine.sha256(wasm), wasm.length, null, "disk",
                    "2026-01-01T00:00:00Z", false);
        }

        @Override
        public PluginInfo info() {
            return info;
        }

        @Override
        public byte[] wasm() {
            reads.incrementAndGet();
            return wasm.clone();
        }

        @Override
        public Optional<String> configSchema() {
            return Optional.empty();
        }
    }

    static RunRequest request(PluginPackage plugin, Grants grants, Long timeoutMs, String params) {
        Assignment a = new Assignment("assignment-1", plugin.info().id(), null, 60_000, timeoutMs, params, grants,
                null, true, "test");
        return new RunRequest(plugin, a, "agent-1");
    }

    static RunRequest request(PluginPackage plugin) {
        return request(plugin, null, null, "{\"target\":\"example\"}");
    }

    static final class Capability implements HostCapability {
        private final String name;
        private final List<HostFunction> functions;

        Capability(String name, HostFunction... functions) {
            this.name = name;
            this.functions = List.of(functions);
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public List<HostFunction> functions() {
            return functions;
        }
    }

    static final List<ValType> I32 = List.of(ValType.I32);
    static final List<ValType> I32_I32 = List.of(ValType.I32, ValType.I32);

    /** get_config(ptr, cap) -> i32: the params JSON, or -3 when it does not fit. */
    static Capability getConfig() {
        return new Capability("get_config", HostFunction.env("get_config", I32_I32, I32, (ctx, args) -> {
            byte[] json = ctx.params().getBytes(StandardCharsets.UTF_8);
            if (json.length > (int) args[1]) {
                return new long[] {AbiCodes.TOO_LARGE};
            }
            ctx.write((int) args[0], json);
            return new long[] {json.length};
        }));
    }

    /** log(level, ptr, len). */
    static Capability log() {
        return new Capability("log", HostFunction.env("log", List.of(ValType.I32, ValType.I32, ValType.I32), List.of(),
                (ctx, args) -> {
                    ctx.log(LogLevel.fromCode(args[0]), new String(ctx.read((int) args[1], (int) args[2]),
                            StandardCharsets.UTF_8));
                    return new long[0];
                }));
    }

    /** submit_result(ptr, len) -> i32, reading {@code STATUS|summary} instead of JSON to stay self-contained. */
    static Capability submitResult() {
        return new Capability("submit_result", HostFunction.env("submit_result", I32_I32, I32, (ctx, args) -> {
            String text = new String(ctx.read((int) args[0], (int) args[1]), StandardCharsets.UTF_8);
            int bar = text.indexOf('|');
            Status status = Status.parse(text.substring(0, bar));
            if (status == null) {
                return new long[] {AbiCodes.INVALID};
            }
            ctx.submitResult(new CheckResult(null, status, text.substring(bar + 1), null, null, null, null, null,
                    null, null, null, null, null));
            return new long[] {AbiCodes.OK};
        }));
    }

    /** secret(i32) -> i32 with a given handler. */
    static Capability secret(HostHandler handler) {
        return new Capability("secret", HostFunction.env("secret", I32, I32, handler));
    }

    /** report(i32): records every value the guest reports. */
    static Capability report(List<Long> sink) {
        return new Capability("report", HostFunction.env("report", I32, List.of(), (CallContext ctx, long[] args) -> {
            sink.add((long) (int) args[0]);
            return new long[0];
        }));
    }
}
