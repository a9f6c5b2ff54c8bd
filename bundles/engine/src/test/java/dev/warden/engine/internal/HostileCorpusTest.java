package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.LogLine;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every module of the hostile corpus ({@code src/test/resources/hostile/}) on the real engine,
 * in compiler and interpreter mode, and checks each ends exactly as {@code hostile/expected.properties}
 * says: status, abnormal end, summary and, where it matters, stats. Every way out of a run must end in
 * a result; nothing a module does may throw out of the engine or leave it unable to run the next one.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileCorpusTest {

    /** Small so the whole corpus stays fast; cases that need more say so in the manifest. */
    static final long DEFAULT_TIMEOUT_MS = 400;
    /** Slack on top of timeout + grace for a noisy 2-core machine. */
    static final long WALL_SLACK_MS = 600;

    private static final Map<ExecutionMode, Engine> ENGINES = new EnumMap<>(ExecutionMode.class);
    private static final CapabilityIndex CAPABILITIES = new CapabilityIndex();

    static {
        HostileCapabilities.installAll(CAPABILITIES);
    }

    static synchronized Engine engine(ExecutionMode mode) {
        return ENGINES.computeIfAbsent(mode, m -> new Engine(EngineSettings.defaults().withMode(m), CAPABILITIES));
    }

    @AfterAll
    static synchronized void closeEngines() {
        ENGINES.values().forEach(Engine::close);
        ENGINES.clear();
    }

    static Stream<Arguments> corpus() {
        List<Arguments> out = new ArrayList<>();
        for (HostileCase c : HostileCase.all()) {
            for (ExecutionMode mode : ExecutionMode.values()) {
                out.add(Arguments.of(c, mode));
            }
        }
        return out.stream();
    }

    @Test
    @Order(0)
    void corpusCoversAtLeastThirtyFiveModulesAndEveryCommittedModuleHasAnExpectation() {
        List<HostileCase> all = HostileCase.all();
        assertTrue(all.size() >= 35, "only " + all.size() + " hostile modules");
        TreeSet<String> committed = HostileCase.committedModules();
        TreeSet<String> expected = new TreeSet<>();
        all.stream().filter(c -> !c.generated()).forEach(c -> expected.add(c.name()));
        assertEquals(committed, expected, "every hostile/*.wasm needs an entry in expected.properties and back");
    }

    @ParameterizedTest(name = "{0} [{1}]")
    @MethodSource("corpus")
    @Order(1)
    void hostileModuleEndsAsExpected(HostileCase c, ExecutionMode mode) {
        Engine engine = engine(mode);
        PluginManifest manifest = Fixtures.manifest(c.runtime(), c.capabilities(), c.memoryMb(), null);
        var plugin = new HostilePlugin(c.name(), HostileModules.load(c.name(), c.generated()), manifest);
        if ("refused".equals(c.validate())) {
            var e = assertThrows(InvalidPluginException.class, () -> engine.validate(plugin.bytes, manifest),
                    "validation must refuse " + c.name());
            assertTrue(contains(e.getMessage(), c.summary()), "validation said: " + e.getMessage());
        } else if ("accepted".equals(c.validate())) {
            try {
                engine.validate(plugin.bytes, manifest);
            } catch (InvalidPluginException e) {
                fail("validation must accept " + c.name() + " but said: " + e.getMessage());
            }
        }
        long abandonedBefore = engine.abandonedRuns();
        for (int round = 1; round <= c.repeat(); round++) {
            long started = System.nanoTime();
            CheckResult r = engine.run(Fixtures.request(plugin, null, c.timeoutMs(), "{}"));
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            check(c, mode, round, r, elapsedMs);
        }
        if (c.abandoned()) {
            assertTrue(engine.abandonedRuns() > abandonedBefore, c.name() + " must be counted as abandoned");
        }
    }

    /** The pool never shrinks: after the whole corpus, with its timeouts and abandoned runs, a healthy check still runs. */
    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    @Order(2)
    void healthyCheckRunsNormallyAfterTheCorpus(ExecutionMode mode) {
        var manifest = Fixtures.manifest(List.of("log", "submit_result"));
        var plugin = new HostilePlugin("result-flood-many", HostileModules.load("result-flood-many", false),
                manifest);
        for (int i = 0; i < 20; i++) {
            CheckResult r = engine(mode).run(Fixtures.request(plugin, null, 5_000L, "{}"));
            assertEquals(Status.WARNING, r.status(), r.summary());
            assertEquals("the last of many", r.summary());
        }
    }

    /**
     * Admission: memory bombs started together beyond the agent-wide budget (8 MiB here; each run
     * reserves its 2 MB cap plus overhead) do not all get in. Those that fit run to their own end,
     * the others wait briefly and end {@code admission}; every one ends in a result.
     */
    @Test
    @Order(3)
    void concurrentMemoryBombsBeyondTheBudgetEndInAdmission() throws Exception {
        var settings = EngineSettings.defaults().withRunLimits(RunLimits.defaults().withMemoryBudget(8, 50));
        var manifest = Fixtures.manifest(PluginManifest.RUNTIME_NONE, List.of("log", "submit_result"), 2, null);
        var plugin = new HostilePlugin("submit-then-loop", HostileModules.load("submit-then-loop", false), manifest);
        int runs = 6;
        var callers = java.util.concurrent.Executors.newFixedThreadPool(runs);
        try (Engine engine = new Engine(settings, CAPABILITIES)) {
            engine.run(Fixtures.request(plugin, null, 50L, "{}")); // compiled before the race
            List<java.util.concurrent.Future<CheckResult>> results = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                results.add(callers.submit(() -> engine.run(Fixtures.request(plugin, null, DEFAULT_TIMEOUT_MS, "{}"))));
            }
            int timeouts = 0;
            int refused = 0;
            for (var f : results) {
                CheckResult r = f.get(10, java.util.concurrent.TimeUnit.SECONDS);
                assertEquals(Status.UNKNOWN, r.status(), describe(r));
                if ("admission".equals(r.stats().abnormalEnd())) {
                    refused++;
                    assertTrue(contains(r.summary(), "memory budget"), describe(r));
                } else {
                    assertEquals("timeout", r.stats().abnormalEnd(), describe(r));
                    timeouts++;
                }
            }
            System.out.println("hostile admission: " + timeouts + " admitted (timed out), " + refused + " refused");
            assertTrue(timeouts >= 1 && timeouts <= 2, timeouts + " runs were admitted into a budget for 2");
            assertEquals(runs - timeouts, refused);
            assertEquals(refused, engine.admissionRefused());
        } finally {
            callers.shutdownNow();
        }
    }

    private static void check(HostileCase c, ExecutionMode mode, int round, CheckResult r, long elapsedMs) {
        String where = c.name() + " [" + mode + "] round " + round + ": " + describe(r);
        System.out.println("hostile " + where + " elapsed_ms=" + elapsedMs);
        assertNotNull(r, where);
        assertNotNull(r.stats(), where);
        assertNotNull(r.id(), where);
        List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(c.status(), r.status(), where));
        checks.add(() -> assertEquals(c.abnormalEnd(), r.stats().abnormalEnd(), where));
        checks.add(() -> assertTrue(contains(r.summary(), c.summary()), "summary must contain '" + c.summary()
                + "': " + where));
        checks.add(() -> assertTrue(r.stats().wallMs() >= 0 && r.stats().cpuMs() >= 0, where));
        long wallMax = c.wallMsMax() != null ? c.wallMsMax() : c.timeoutMs() + Engine.GRACE_MS + WALL_SLACK_MS;
        checks.add(() -> assertTrue(elapsedMs <= wallMax, "took " + elapsedMs + " ms, at most " + wallMax + ": "
                + where));
        long logBytes = r.logs().stream().mapToLong(l -> l.message().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                .length).sum();
        checks.add(() -> assertTrue(logBytes <= EngineSettings.defaults().maxLogBytes(), "log over the cap: " + where));
        checks.add(() -> assertTrue(r.logs().size() <= EngineSettings.defaults().maxLogLines(), where));
        // memory never exceeds what the module was allowed
        long capBytes = (long) (c.memoryMb() == null ? EngineSettings.defaults().defaultMemoryMb() : c.memoryMb())
                * HostileModules.MB;
        checks.add(() -> assertTrue(r.stats().memoryPeakBytes() <= capBytes, "memory over the cap: " + where));
        c.ifSet("host_calls", v -> checks.add(() -> assertEquals(v, r.stats().hostCalls(), "host_calls: " + where)));
        c.ifSet("host_calls_min", v -> checks.add(() -> assertTrue(r.stats().hostCalls() >= v, "host_calls: " + where)));
        c.ifSet("host_calls_max", v -> checks.add(() -> assertTrue(r.stats().hostCalls() <= v, "host_calls: " + where)));
        c.ifSet("memory_peak_bytes", v -> checks.add(() -> assertEquals(v, r.stats().memoryPeakBytes(),
                "memory_peak_bytes: " + where)));
        c.ifSet("log_dropped_min", v -> checks.add(() -> assertTrue(r.stats().logDropped() >= v, "log_dropped: "
                + where)));
        c.ifSet("log_bytes_min", v -> checks.add(() -> assertTrue(r.stats().logBytes() >= v, "log_bytes: " + where)));
        c.ifSet("log_lines", v -> checks.add(() -> assertEquals(v, r.logs().size(), "log lines: " + where)));
        if (c.logContains() != null) {
            checks.add(() -> assertTrue(r.logs().stream().anyMatch(l -> contains(l.message(), c.logContains())),
                    "log must contain '" + c.logContains() + "': " + where));
        }
        assertAll(where, checks);
    }

    /** Case-insensitive; {@code a || b} accepts either fragment (compiler and interpreter word some traps differently). */
    static boolean contains(String text, String fragments) {
        if (fragments == null || fragments.isEmpty()) {
            return true;
        }
        if (text == null) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        return Arrays.stream(fragments.split("\\|\\|")).map(f -> f.trim().toLowerCase(Locale.ROOT))
                .anyMatch(lower::contains);
    }

    private static String describe(CheckResult r) {
        if (r == null) {
            return "no result";
        }
        var s = r.stats();
        List<LogLine> logs = r.logs();
        return r.status() + " \"" + r.summary() + "\" abnormal_end=" + (s == null ? "?" : s.abnormalEnd())
                + (s == null ? "" : " wall_ms=" + s.wallMs() + " cpu_ms=" + s.cpuMs() + " memory_peak_bytes="
                        + s.memoryPeakBytes() + " host_calls=" + s.hostCalls() + " log_bytes=" + s.logBytes()
                        + " log_dropped=" + s.logDropped())
                + " log_lines=" + logs.size() + (logs.isEmpty() ? "" : " first_log=\"" + abbreviate(logs.get(0)
                        .message()) + "\"");
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }

    /** One line of {@code expected.properties}, gathered by module. */
    record HostileCase(String name, Properties p) {

        static List<HostileCase> all() {
            Properties p = new Properties();
            try (InputStream in = HostileCorpusTest.class.getResourceAsStream("/hostile/expected.properties")) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            TreeSet<String> names = new TreeSet<>();
            for (String key : p.stringPropertyNames()) {
                names.add(key.substring(0, key.indexOf('.')));
            }
            List<HostileCase> out = new ArrayList<>();
            for (String name : names) {
                Properties mine = new Properties();
                for (String key : p.stringPropertyNames()) {
                    if (key.startsWith(name + '.')) {
                        mine.setProperty(key.substring(name.length() + 1), p.getProperty(key).trim());
                    }
                }
                out.add(new HostileCase(name, mine));
            }
            return out;
        }

        static TreeSet<String> committedModules() {
            TreeSet<String> names = new TreeSet<>();
            var url = HostileCorpusTest.class.getResource("/hostile/expected.properties");
            try {
                var dir = java.nio.file.Path.of(url.toURI()).getParent();
                try (var files = java.nio.file.Files.list(dir)) {
                    files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".wasm"))
                            .forEach(f -> names.add(f.substring(0, f.length() - ".wasm".length())));
                }
            } catch (IOException | java.net.URISyntaxException e) {
                throw new IllegalStateException(e);
            }
            return names;
        }

        Status status() {
            return Status.valueOf(required("status"));
        }

        String abnormalEnd() {
            String v = p.getProperty("abnormal_end", "");
            return v.isEmpty() ? null : v;
        }

        String summary() {
            return p.getProperty("summary", "");
        }

        String runtime() {
            return "wasi".equals(p.getProperty("runtime")) ? PluginManifest.RUNTIME_WASI : PluginManifest.RUNTIME_NONE;
        }

        List<String> capabilities() {
            String v = p.getProperty("capabilities", "log,submit_result");
            return v.isEmpty() ? List.of() : List.of(v.split("\\s*,\\s*"));
        }

        Integer memoryMb() {
            String v = p.getProperty("memory_mb");
            return v == null ? null : Integer.valueOf(v);
        }

        long timeoutMs() {
            return Long.parseLong(p.getProperty("timeout_ms", Long.toString(DEFAULT_TIMEOUT_MS)));
        }

        Long wallMsMax() {
            String v = p.getProperty("wall_ms_max");
            return v == null ? null : Long.valueOf(v);
        }

        boolean generated() {
            return "generated".equals(p.getProperty("source"));
        }

        String validate() {
            return p.getProperty("validate");
        }

        int repeat() {
            return Integer.parseInt(p.getProperty("repeat", "1"));
        }

        boolean abandoned() {
            return Boolean.parseBoolean(p.getProperty("abandoned", "false"));
        }

        String logContains() {
            return p.getProperty("log_contains");
        }

        void ifSet(String key, java.util.function.LongConsumer action) {
            String v = p.getProperty(key);
            if (v != null) {
                action.accept(Long.parseLong(v));
            }
        }

        private String required(String key) {
            String v = p.getProperty(key);
            if (v == null) {
                throw new IllegalStateException(name + '.' + key + " is missing from expected.properties");
            }
            return v;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** A plugin package over in-memory bytes. */
    static final class HostilePlugin implements PluginPackage {
        final byte[] bytes;
        private final PluginInfo info;

        HostilePlugin(String name, byte[] bytes, PluginManifest manifest) {
            this.bytes = bytes;
            this.info = new PluginInfo(manifest, Engine.sha256(bytes), bytes.length, null, "disk",
                    "2026-01-01T00:00:00Z", false);
        }

        @Override
        public PluginInfo info() {
            return info;
        }

        @Override
        public byte[] wasm() {
            return bytes.clone();
        }

        @Override
        public Optional<String> configSchema() {
            return Optional.empty();
        }
    }
}
