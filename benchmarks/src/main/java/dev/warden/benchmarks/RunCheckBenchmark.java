package dev.warden.benchmarks;

import dev.warden.api.PluginPackage;
import dev.warden.api.RunRequest;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Status;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import dev.warden.engine.internal.CapabilityIndex;
import dev.warden.engine.internal.Engine;
import dev.warden.engine.internal.EngineSettings;
import dev.warden.engine.internal.ExecutionMode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One scheduled check end to end, minus the timer: a fresh instance from the cached compiled
 * module, the entrypoint with one host call, the result assembled with its stats, and the result
 * published to a sink. Sample time, so the run reports percentiles (p50, p99).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RunCheckBenchmark {

    @Param({"COMPILER", "INTERPRETER"})
    public String mode;

    private Engine engine;
    private RunRequest request;
    private InMemorySink sink;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        CapabilityIndex capabilities = new CapabilityIndex();
        capabilities.add(new SubmitResult());
        engine = new Engine(EngineSettings.defaults().withMode(ExecutionMode.valueOf(mode)), capabilities);
        sink = new InMemorySink(1024);
        PluginManifest manifest = new PluginManifest("trivial", "Trivial", "1.0.0", null, "run_check", null, null,
                List.of("submit_result"), null, null, null, null, null);
        request = new RunRequest(new BytesPlugin(manifest, read("/checkers/trivial.wasm")),
                new Assignment("bench", "trivial", null, 1000, null, "{}", null, null, true, "benchmark"), "bench-agent");
        CheckResult first = engine.run(request);
        if (first.status() != Status.OK) {
            throw new IllegalStateException("the trivial checker must succeed, got " + first.summary());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.close();
    }

    @Benchmark
    public CheckResult instantiateRunRecord() {
        CheckResult result = engine.run(request);
        sink.publish(result);
        return result;
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = RunCheckBenchmark.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing " + resource);
            }
            return in.readAllBytes();
        }
    }

    /** submit_result reading {@code STATUS|summary}, standing in for the JSON capability bundle. */
    private static final class SubmitResult implements HostCapability {
        @Override
        public String name() {
            return "submit_result";
        }

        @Override
        public List<HostFunction> functions() {
            return List.of(HostFunction.env("submit_result", List.of(ValType.I32, ValType.I32), List.of(ValType.I32),
                    (ctx, args) -> {
                        String text = new String(ctx.read((int) args[0], (int) args[1]), StandardCharsets.UTF_8);
                        int bar = text.indexOf('|');
                        ctx.submitResult(new CheckResult(null, Status.parse(text.substring(0, bar)),
                                text.substring(bar + 1), null, null, null, null, null, null, null, null, null, null));
                        return new long[] {AbiCodes.OK};
                    }));
        }
    }

    private static final class BytesPlugin implements PluginPackage {
        private final PluginInfo info;
        private final byte[] wasm;

        BytesPlugin(PluginManifest manifest, byte[] wasm) {
            this.wasm = wasm;
            this.info = new PluginInfo(manifest, sha256(wasm), wasm.length, null, "disk", null, false);
        }

        @Override
        public PluginInfo info() {
            return info;
        }

        @Override
        public byte[] wasm() {
            return wasm.clone();
        }

        @Override
        public Optional<String> configSchema() {
            return Optional.empty();
        }

        private static String sha256(byte[] bytes) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
