package dev.warden.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ValidateCommandTest {

    private static String bad(String name) {
        return Cli.repo().resolve("bundles/registry/src/test/resources/packages/bad").resolve(name).toString();
    }

    @Test
    void acceptsTheHelloExampleFolder() {
        Cli r = Cli.run("validate", Cli.example("hello-c"));
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().contains("ok: hello-c 1.0.0"), r.toString());
        assertTrue(r.out().contains("capabilities: get_config, log, submit_result"), r.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "zip-slip-parent.wpkg, unsafe_entry_name",
        "unknown-key.wpkg, invalid_manifest",
        "schema-remote-ref.wpkg, invalid_config_schema",
        "invalid-wasm-bytes.wpkg, invalid_module",
        "signature-malformed.wpkg, bad_signature",
        "missing-wasm.wpkg, missing_entry"})
    void refusesBadPackagesWithTheAgentsCode(String file, String code) {
        Cli r = Cli.run("validate", bad(file));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("refused: " + code), r.toString());
    }

    @Test
    void uploadRuleRequiresASignature() {
        Cli r = Cli.run("validate", "--upload", Cli.example("hello-c"));
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("refused: signature_required [signature.json]"), r.toString());
    }

    @Test
    void refusesAModuleImportingACapabilityTheManifestDoesNotList(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        java.nio.file.Files.copy(Path.of(Cli.example("http-check")).resolve("plugin.wasm"), dir.resolve("plugin.wasm"));
        java.nio.file.Files.copy(Path.of(Cli.example("hello-c")).resolve("plugin.yaml"), dir.resolve("plugin.yaml"));
        Cli r = Cli.run("validate", dir.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("refused: invalid_module [imports]"), r.toString());
    }

    @Test
    void wrongCommandLinesExitWithUsage() {
        assertEquals(2, Cli.run("validate").code());
        assertEquals(2, Cli.run("validate", "--bogus", "x").code());
        assertEquals(2, Cli.run("frobnicate").code());
        assertEquals(2, Cli.run().code());
        Cli help = Cli.run("run", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--replay FILE"), help.toString());
    }
}
