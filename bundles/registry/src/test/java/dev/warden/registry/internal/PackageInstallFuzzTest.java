package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzzes the whole install path (zip, manifest, schema, signature, fake module validation, store)
 * with arbitrary bytes, seeded from the good packages: the only exception that may come out is
 * {@link InvalidPluginException}, and no input may take long. Surefire runs it with JAZZER_FUZZ=1
 * for its maxDuration; without that variable it replays the seeds only.
 */
class PackageInstallFuzzTest {

    private static final long SLOW_INPUT_NANOS = 5_000_000_000L;

    private static Path home;
    private static PackageRegistry registry;

    @BeforeAll
    static void start() throws IOException {
        home = Files.createTempDirectory("warden-fuzz-");
        registry = TestRegistries.strict(new FakeModuleValidator(), home);
    }

    @AfterAll
    static void stop() throws IOException {
        registry.deactivate();
        try (var walk = Files.walk(home)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @FuzzTest(maxDuration = "15s")
    void installNeverThrowsAnythingButInvalidPluginAndNeverStalls(byte[] data) {
        long start = System.nanoTime();
        for (String origin : new String[] {"upload", "disk"}) {
            try {
                PluginInfo info = registry.install(new ByteArrayInputStream(data), origin);
                // Keep the store small: what got in goes out again.
                assertTrue(registry.delete(info.id(), info.version()));
            } catch (InvalidPluginException e) {
                assertTrue(e.code() != null && !e.code().isEmpty(), "every refusal has a code");
            }
        }
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed < SLOW_INPUT_NANOS, "input of " + data.length + " bytes took " + elapsed / 1_000_000 + " ms");
    }
}
