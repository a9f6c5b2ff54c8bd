package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidPluginException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Corrupted modules end in a refusal naming the module as invalid, never in another exception or a hang. */
class MutatedModuleTest {

    private Engine engine;

    @AfterEach
    void close() {
        engine.close();
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void randomlyCorruptedModulesAreAcceptedOrRefusedAsInvalid(ExecutionMode mode) {
        engine = new Engine(EngineSettings.defaults().withMode(mode), new CapabilityIndex());
        var random = new Random(20260101L);
        var manifest = Fixtures.manifest(List.of("get_config", "log", "submit_result"));
        long start = System.nanoTime();
        int refused = 0;
        for (String fixture : List.of("checker", "tables-and-elements", "wasi-hello")) {
            byte[] original = Fixtures.wasm(fixture);
            for (int round = 0; round < 250; round++) {
                byte[] mutated = original.clone();
                int flips = 1 + random.nextInt(4);
                for (int i = 0; i < flips; i++) {
                    mutated[8 + random.nextInt(mutated.length - 8)] = (byte) random.nextInt(256);
                }
                try {
                    engine.validate(mutated, manifest);
                } catch (InvalidPluginException e) {
                    assertEquals("invalid_module", e.code(), e.getMessage());
                    refused++;
                }
            }
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(refused > 375, "most corruptions are refused, got " + refused);
        assertTrue(ms < 20_000, "took " + ms + " ms");
    }
}
