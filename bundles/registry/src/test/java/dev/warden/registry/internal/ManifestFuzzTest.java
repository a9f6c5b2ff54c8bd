package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.spi.KnownCapabilities;

/**
 * Fuzzes manifest parsing (YAML with its alias, size and strictness rules, then the JSON tree a
 * signature covers) and config-schema compiling with arbitrary text: only
 * {@link InvalidPluginException} may come out, and no input may take long.
 */
class ManifestFuzzTest {

    private static final long SLOW_INPUT_NANOS = 5_000_000_000L;
    private static final ManifestParser PARSER = new ManifestParser(PackageLimits.MANIFEST_BYTES);
    private static final ConfigSchemaCompiler SCHEMAS = new ConfigSchemaCompiler();

    @FuzzTest(maxDuration = "5s")
    void manifestAndSchemaParsingOnlyRefuseWithInvalidPlugin(byte[] data) {
        long start = System.nanoTime();
        try {
            PARSER.parse(data, KnownCapabilities.IMPORTS.keySet());
            SignedContent.bytes(new byte[0], PARSER.tree(data));
        } catch (InvalidPluginException e) {
            assertTrue(e.code() != null);
        }
        try {
            SCHEMAS.compile(data).secretPointers();
        } catch (InvalidPluginException e) {
            assertTrue(e.code().equals("invalid_config_schema"));
        }
        long elapsed = System.nanoTime() - start;
        assertTrue(elapsed < SLOW_INPUT_NANOS, "input of " + data.length + " bytes took " + elapsed / 1_000_000 + " ms");
    }
}
