package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed corpus: every bad package is refused with its code and leaves nothing behind. */
class PackageCorpusTest {

    private static final String BAD = "/packages/bad/";
    private static final String GOOD = "/packages/good/";

    @TempDir
    Path home;

    private PackageRegistry registry;

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.deactivate();
        }
    }

    static Stream<Arguments> badPackages() throws IOException {
        Properties expected = new Properties();
        try (InputStream in = PackageCorpusTest.class.getResourceAsStream(BAD + "expected-errors.properties")) {
            expected.load(in);
        }
        return expected.stringPropertyNames().stream().sorted().map(f -> Arguments.of(f, expected.getProperty(f)));
    }

    private static byte[] resource(String path) throws IOException {
        try (InputStream in = PackageCorpusTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IOException("missing test resource " + path);
            }
            return in.readAllBytes();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("badPackages")
    void badPackageIsRefusedWithItsCodeAndLeavesNoTrace(String file, String code) throws Exception {
        registry = TestRegistries.strict(new FakeModuleValidator(), home);
        byte[] zip = resource(BAD + file);

        InvalidPluginException e = assertThrows(InvalidPluginException.class,
                () -> registry.install(new ByteArrayInputStream(zip), "upload"));

        assertEquals(code, e.code(), file + ": " + e.getMessage());
        assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "a message names the problem");
        assertTrue(registry.list().isEmpty(), "nothing installed");
        assertEquals(List.of(), storeContents(), "nothing stored, no temporary folders");
    }

    @Test
    void corpusCoversAtLeastThirtyCasesAndMatchesItsGenerator() throws Exception {
        List<Arguments> cases = badPackages().toList();
        assertTrue(cases.size() >= 30, "corpus has " + cases.size() + " cases");
        for (BadPackageCorpus.Case c : BadPackageCorpus.bad()) {
            assertTrue(Arrays.equals(c.bytes.get(), resource(BAD + c.file)),
                    c.file + " differs from the generator: run src/test/resources/packages/regenerate.sh");
        }
    }

    @Test
    void sizeCapFixturesStayUnderTheBombRatioSoOnlyTheCapsRefuseThem() {
        assertTrue(BadPackageCorpus.deflateRatio(BadPackageCorpus.sparse(2 * 1024 * 1024, 1)) < PackageLimits.MAX_RATIO);
    }

    @Test
    void serviceRadarPackageInstallsUnchangedFromDisk() throws Exception {
        registry = TestRegistries.strict(new FakeModuleValidator(), home);
        PluginInfo info = registry.install(new ByteArrayInputStream(resource(GOOD + "serviceradar-http.wpkg")), "disk");

        assertEquals("serviceradar-http", info.id());
        assertEquals("0.3.1", info.version());
        assertEquals(250L, info.manifest().resources().requestedCpuMs());
        assertEquals(1, info.manifest().schemaVersion());
        assertEquals("Checks an HTTP endpoint (ServiceRadar SDK layout)", info.manifest().description());
        assertEquals(Map.of("repo", "https://github.com/example/serviceradar-http", "commit", "0123456789abcdef"),
                info.manifest().source());
        assertTrue(info.manifest().displayContract().containsKey("widgets"));
        assertNull(info.signer(), "unsigned, trusted by placement");
        assertEquals("disk", info.origin());
    }

    @Test
    void serviceRadarPackageUploadedUnsignedIsRefusedWhileSignaturesAreRequired() throws Exception {
        registry = TestRegistries.strict(new FakeModuleValidator(), home);
        InvalidPluginException e = assertThrows(InvalidPluginException.class, () -> registry.install(
                new ByteArrayInputStream(resource(GOOD + "serviceradar-http.wpkg")), "upload"));
        assertEquals("signature_required", e.code());
    }

    @Test
    void signedWardenPackageUploadsWithItsSignerAndSchema() throws Exception {
        registry = TestRegistries.strict(new FakeModuleValidator(), home);
        PluginInfo info = registry.install(new ByteArrayInputStream(resource(GOOD + "warden-tcp.wpkg")), "upload");

        assertEquals("warden-tcp", info.id());
        assertEquals("1.0.0-rc.1+build.7", info.version());
        assertEquals(PackageSigner.TRUSTED_KEY_ID, info.signer());
        assertTrue(info.hasConfigSchema());
        assertEquals(java.util.Set.of("/password", "/auth/token", "/auth/api~1key"),
                registry.secretParams("warden-tcp", null));
    }

    private List<Path> storeContents() throws IOException {
        Path packages = home.resolve("packages");
        if (!Files.exists(packages)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(packages)) {
            return s.toList();
        }
    }
}
