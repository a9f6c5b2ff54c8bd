package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Status;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Nothing of a run is left behind: 10,000 runs of a module that grows and writes its memory, calls
 * host functions and submits a result, with a fresh variant of the module compiled every 50 runs so
 * the compile cache keeps evicting modules (and, in compiler mode, their generated classes). After
 * GC, heap, loaded classes and guest threads are back at the level measured after a warm-up.
 *
 * <p>Tagged {@code leak}: the engine's pom runs it in its own surefire execution, in a forked JVM
 * with {@code -Xmx512m}, so other tests' garbage cannot hide or fake a leak.
 */
@Tag("leak")
class LeakTest {

    static final int WARMUP_RUNS = 500;
    static final int RUNS = 10_000;
    static final int RUNS_PER_VARIANT = 50;
    static final double HEAP_TOLERANCE = 0.10;
    static final long HEAP_SLACK_BYTES = 8L * 1024 * 1024;
    /** Classes the JVM may load lazily along the way (reflection accessors, lambda forms ...). */
    static final int CLASS_SLACK = 150;
    static final long GC_WAIT_MS = 10_000;

    private static final byte[] TAG = "v00000".getBytes(StandardCharsets.US_ASCII);

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void tenThousandRunsLeaveHeapClassesAndThreadsAtBaseline(ExecutionMode mode) throws InterruptedException {
        var capabilities = new CapabilityIndex();
        HostileCapabilities.installAll(capabilities);
        var settings = EngineSettings.defaults().withMode(mode);
        var manifest = Fixtures.manifest(PluginManifest.RUNTIME_NONE, List.of("get_config", "log", "submit_result"),
                1, null);
        byte[] original = Fixtures.wasm("allocator");
        int tagAt = indexOf(original, TAG);
        assertTrue(tagAt > 0, "allocator.wasm carries the variant tag");

        try (Engine engine = new Engine(settings, capabilities)) {
            // Warm-up: fill the compile cache past its size so the baseline already holds a full cache.
            int warmupVariants = settings.compileCacheSize() + 16;
            for (int i = 0; i < Math.max(WARMUP_RUNS, warmupVariants); i++) {
                run(engine, variant(original, tagAt, Math.min(i, warmupVariants - 1)), manifest);
            }
            Snapshot baseline = Snapshot.afterGc();
            long started = System.nanoTime();

            int variant = 1000;
            CheckResult last = null;
            for (int i = 0; i < RUNS; i++) {
                if (i % RUNS_PER_VARIANT == 0) {
                    variant++;
                }
                last = run(engine, variant(original, tagAt, variant), manifest);
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals("allocated v" + String.format(Locale.ROOT, "%05d", variant), last.summary());
            assertEquals(9 * 65536, last.stats().memoryPeakBytes());
            assertEquals(4, last.stats().hostCalls());

            Snapshot after = Snapshot.afterGc();
            long heapLimit = (long) (baseline.heapUsed * (1 + HEAP_TOLERANCE)) + HEAP_SLACK_BYTES;
            System.out.printf(Locale.ROOT,
                    "leak [%s]: %d runs (%d compiled variants) in %d ms (%.3f ms/run); heap after GC baseline %.1f MiB,"
                            + " after %.1f MiB (limit %.1f MiB); loaded classes baseline %d, after %d (unloaded in"
                            + " total %d); guest threads baseline %d, after %d; compilations %d%n",
                    mode, RUNS, RUNS / RUNS_PER_VARIANT, elapsedMs, elapsedMs / (double) RUNS,
                    mib(baseline.heapUsed), mib(after.heapUsed), mib(heapLimit), baseline.classes, after.classes,
                    after.unloaded, baseline.guestThreads, after.guestThreads, engine.compilations());

            assertTrue(after.heapUsed <= heapLimit, "heap after GC " + mib(after.heapUsed) + " MiB exceeds "
                    + mib(heapLimit) + " MiB (baseline " + mib(baseline.heapUsed) + " MiB)");
            assertTrue(after.classes <= baseline.classes + CLASS_SLACK, "loaded classes grew from " + baseline.classes
                    + " to " + after.classes);
            if (mode == ExecutionMode.COMPILER) {
                assertTrue(after.unloaded - baseline.unloaded >= RUNS / RUNS_PER_VARIANT,
                        "classes of evicted compiled modules must unload: " + (after.unloaded - baseline.unloaded)
                                + " unloaded");
            }
            assertTrue(after.guestThreads <= Math.max(baseline.guestThreads, settings.guestThreads()),
                    "guest threads grew from " + baseline.guestThreads + " to " + after.guestThreads);
        }
    }

    private static CheckResult run(Engine engine, byte[] wasm, PluginManifest manifest) {
        var plugin = new HostileCorpusTest.HostilePlugin("allocator", wasm, manifest);
        CheckResult r = engine.run(Fixtures.request(plugin, null, 5_000L, "{\"target\":\"leak\"}"));
        if (r.status() != Status.OK) {
            throw new AssertionError("allocator run failed: " + r.summary());
        }
        return r;
    }

    private static byte[] variant(byte[] original, int tagAt, int n) {
        byte[] copy = original.clone();
        byte[] tag = String.format(Locale.ROOT, "v%05d", n).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tag, 0, copy, tagAt, tag.length);
        return copy;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** Heap, classes and guest threads once repeated full GCs stop changing the picture. */
    record Snapshot(long heapUsed, int classes, long unloaded, int guestThreads) {

        static Snapshot afterGc() throws InterruptedException {
            var memory = ManagementFactory.getMemoryMXBean();
            long deadline = System.nanoTime() + GC_WAIT_MS * 1_000_000;
            long previous = Long.MAX_VALUE;
            long used = Long.MAX_VALUE;
            int stableRounds = 0;
            // Abandoned or idle guest threads end on their own; give the finalisation of the last runs a moment.
            while (System.nanoTime() < deadline && stableRounds < 3) {
                System.gc();
                Thread.sleep(100);
                used = memory.getHeapMemoryUsage().getUsed();
                stableRounds = Math.abs(used - previous) < 512 * 1024 ? stableRounds + 1 : 0;
                previous = used;
            }
            var classLoading = ManagementFactory.getClassLoadingMXBean();
            return new Snapshot(used, classLoading.getLoadedClassCount(), classLoading.getUnloadedClassCount(),
                    countGuestThreads());
        }

        private static int countGuestThreads() {
            return (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().startsWith("warden-guest-")).count();
        }
    }
}
