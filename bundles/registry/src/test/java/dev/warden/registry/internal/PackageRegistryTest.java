package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.dto.PluginInfo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageRegistryTest {

    private static final PackageLimits LIMITS = PackageLimits.of(16L * 1024 * 1024, 8L * 1024 * 1024);

    @TempDir
    Path home;

    private final FakeModuleValidator validator = new FakeModuleValidator();
    private final List<PackageRegistry> started = new ArrayList<>();

    @AfterEach
    void stop() {
        started.forEach(PackageRegistry::deactivate);
    }

    private PackageRegistry registry(PackageLimits limits) throws IOException {
        PackageRegistry r = new PackageRegistry(validator, limits, home, 50);
        started.add(r);
        return r;
    }

    private PackageRegistry registry() throws IOException {
        return registry(LIMITS);
    }

    private static PluginInfo install(PackageRegistry r, byte[] zip) throws InvalidPluginException {
        return r.install(new ByteArrayInputStream(zip), "upload");
    }

    private static InvalidPluginException refused(PackageRegistry r, byte[] zip, String code) {
        InvalidPluginException e = assertThrows(InvalidPluginException.class, () -> install(r, zip));
        assertEquals(code, e.code(), e.getMessage());
        assertTrue(r.list().isEmpty(), "nothing installed");
        return e;
    }

    private List<Path> storeFolders() throws IOException {
        try (Stream<Path> s = Files.list(home.resolve("packages"))) {
            return s.toList();
        }
    }

    private static List<String> versions(PackageRegistry r) {
        return r.list().stream().map(i -> i.id() + "@" + i.version()).toList();
    }

    @Test
    void installsListsFindsNewestAndDeletesOneVersion() throws Exception {
        PackageRegistry r = registry();
        PluginInfo info = install(r, Packages.plugin("demo", "1.2.0", 1));
        install(r, Packages.plugin("demo", "1.10.0", 2));
        install(r, Packages.plugin("demo", "1.10.0-rc.1", 3));
        install(r, Packages.plugin("alpha", "0.1.0", 4));

        assertEquals("demo", info.id());
        assertEquals(Sha256.hex(Packages.wasm(1)), info.sha256());
        assertEquals(9, info.wasmSize());
        assertEquals("upload", info.origin());
        assertEquals(List.of("alpha@0.1.0", "demo@1.2.0", "demo@1.10.0-rc.1", "demo@1.10.0"), versions(r));
        assertEquals(4, validator.validated.size());

        PluginPackage newest = r.find("demo", null).orElseThrow();
        assertEquals("1.10.0", newest.info().version());
        assertArrayEquals(Packages.wasm(2), newest.wasm());
        assertEquals("1.2.0", r.find("demo", "1.2.0").orElseThrow().info().version());
        assertTrue(r.find("demo", "9.9.9").isEmpty());
        assertTrue(r.find("nope", null).isEmpty());

        assertTrue(r.delete("demo", "1.10.0"));
        assertFalse(r.delete("demo", "1.10.0"));
        assertEquals("1.10.0-rc.1", r.find("demo", null).orElseThrow().info().version());
        assertEquals(3, storeFolders().size());
    }

    @Test
    void validateChecksLikeInstallButInstallsNothing() throws Exception {
        PackageRegistry r = registry();
        PluginInfo checked = r.validate(new ByteArrayInputStream(Packages.plugin("demo", "1.0.0", 1)), "fleet");
        assertTrue(r.list().isEmpty(), "validate installs nothing");
        assertEquals(1, validator.validated.size(), "the module was validated");
        assertEquals(List.of(), storeFolders());
        PluginInfo installed = r.install(new ByteArrayInputStream(Packages.plugin("demo", "1.0.0", 1)), "fleet");
        assertEquals(installed.manifest(), checked.manifest());
        assertEquals(installed.sha256(), checked.sha256());
        assertEquals(installed.wasmSize(), checked.wasmSize());
        assertEquals("fleet", checked.origin());
        assertNull(checked.installedAt());

        for (byte[] bad : new byte[][] {{1, 2, 3}, Packages.plugin("Bad Id", "1.0.0", 1)}) {
            InvalidPluginException byInstall = assertThrows(InvalidPluginException.class,
                    () -> r.install(new ByteArrayInputStream(bad), "upload"));
            InvalidPluginException byValidate = assertThrows(InvalidPluginException.class,
                    () -> r.validate(new ByteArrayInputStream(bad), "upload"));
            assertEquals(byInstall.code(), byValidate.code());
            assertEquals(byInstall.getMessage(), byValidate.getMessage());
        }
    }

    @Test
    void sameContentTwiceIsIdempotent() throws Exception {
        PackageRegistry r = registry();
        PluginInfo first = install(r, Packages.plugin("demo", "1.0.0", 1));
        PluginInfo second = install(r, Packages.plugin("demo", "1.0.0", 1));
        assertEquals(first, second);
        assertEquals(1, storeFolders().size());
    }

    @Test
    void sameVersionWithNewContentReplacesTheOld() throws Exception {
        PackageRegistry r = registry();
        install(r, Packages.plugin("demo", "1.0.0", 1));
        install(r, Packages.plugin("demo", "1.0.0", 2));
        assertEquals(List.of("demo@1.0.0"), versions(r));
        assertArrayEquals(Packages.wasm(2), r.find("demo", "1.0.0").orElseThrow().wasm());
        assertEquals(1, storeFolders().size());
    }

    @Test
    void storeKeepsSchemaAndInfoAndReloadsAfterRestart() throws Exception {
        PackageRegistry r = registry();
        Map<String, byte[]> entries = Packages.entries(Packages.manifest("demo", "1.0.0"), Packages.wasm(7));
        entries.put("config.schema.json", "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8));
        PluginInfo info = install(r, Packages.zip(entries));
        install(r, Packages.plugin("demo", "2.0.0", 8));
        assertTrue(info.hasConfigSchema());
        Path folder = home.resolve("packages").resolve(storeFolders().get(0).getFileName());
        assertTrue(Files.exists(folder.resolve("info.json")));
        r.deactivate();

        PackageRegistry reopened = registry();
        assertEquals(List.of("demo@1.0.0", "demo@2.0.0"), versions(reopened));
        PluginPackage pkg = reopened.find("demo", "1.0.0").orElseThrow();
        assertEquals(info, pkg.info());
        assertEquals("{\"type\":\"object\"}", pkg.configSchema().orElseThrow());
        assertArrayEquals(Packages.wasm(7), pkg.wasm());
        assertTrue(reopened.find("demo", "2.0.0").orElseThrow().configSchema().isEmpty());
    }

    @Test
    void tamperedModuleIsNotReturned() throws Exception {
        PackageRegistry r = registry();
        install(r, Packages.plugin("demo", "1.0.0", 1));
        PluginPackage pkg = r.find("demo", null).orElseThrow();
        Path wasm = storeFolders().get(0).resolve("plugin.wasm");
        Files.write(wasm, Packages.wasm(9));
        IOException e = assertThrows(IOException.class, pkg::wasm);
        assertTrue(e.getMessage().contains("SHA-256"));
    }

    @Test
    void leftoversOfAnInterruptedWriteAreIgnored() throws Exception {
        Files.createDirectories(home.resolve("packages/.tmp-crashed"));
        Files.writeString(home.resolve("packages/.tmp-crashed/plugin.wasm"), "half");
        PackageRegistry r = registry();
        assertTrue(r.list().isEmpty());
        assertFalse(Files.exists(home.resolve("packages/.tmp-crashed")));
    }

    @Test
    void notAZipIsRefused() throws Exception {
        refused(registry(), "hello, not a zip".getBytes(StandardCharsets.UTF_8), "not_a_zip");
        refused(registry(), new byte[0], "not_a_zip");
    }

    @Test
    void unsafeEntryNamesAreRefused() throws Exception {
        PackageRegistry r = registry();
        for (String name : List.of("../plugin.yaml", "/etc/passwd", "a\\b.txt", "x/../../y", "C:evil")) {
            Map<String, byte[]> entries = Packages.entries(Packages.manifest("demo", "1.0.0"), Packages.wasm(1));
            entries.put(name, new byte[] {1});
            InvalidPluginException e = refused(r, Packages.zip(entries), "unsafe_entry_name");
            assertEquals(name, e.field());
        }
    }

    @Test
    void duplicateEntriesAreRefused() throws Exception {
        Map<String, byte[]> entries = Packages.entries(Packages.manifest("demo", "1.0.0"), Packages.wasm(1));
        entries.put("plugin.wasX", Packages.wasm(2));
        byte[] zip = Packages.renameEntry(Packages.zip(entries), "plugin.wasX", "plugin.wasm");
        InvalidPluginException e = refused(registry(), zip, "duplicate_entry");
        assertTrue(e.getMessage().contains("duplicate"), e.getMessage());
    }

    @Test
    void missingEntriesAreRefusedNamingThem() throws Exception {
        PackageRegistry r = registry();
        Map<String, byte[]> noManifest = new LinkedHashMap<>();
        noManifest.put("plugin.wasm", Packages.wasm(1));
        assertEquals("plugin.yaml", refused(r, Packages.zip(noManifest), "missing_entry").field());
        Map<String, byte[]> noWasm = new LinkedHashMap<>();
        noWasm.put("plugin.yaml", Packages.manifest("demo", "1.0.0").getBytes(StandardCharsets.UTF_8));
        assertEquals("plugin.wasm", refused(r, Packages.zip(noWasm), "missing_entry").field());
        refused(r, Packages.zip(Map.of()), "missing_entry");
    }

    @Test
    void tooManyEntriesAreRefused() throws Exception {
        Map<String, byte[]> entries = Packages.entries(Packages.manifest("demo", "1.0.0"), Packages.wasm(1));
        for (int i = 0; i < 15; i++) {
            entries.put("extra-" + i, new byte[] {1});
        }
        refused(registry(), Packages.zip(entries), "too_many_entries");
    }

    @Test
    void manifestProblemsAreRefusedNamingTheField() throws Exception {
        PackageRegistry r = registry();
        byte[] unknownKey = Packages.zip(Packages.entries(Packages.manifest("demo", "1.0.0") + "extra: 1\n",
                Packages.wasm(1)));
        assertEquals("extra", refused(r, unknownKey, "invalid_manifest").field());
        assertEquals("id", refused(r, Packages.plugin("../demo", "1.0.0", 1), "invalid_manifest").field());
        assertEquals("version", refused(r, Packages.plugin("demo", "1.0", 1), "invalid_manifest").field());
    }

    @Test
    void moduleRefusedByTheValidatorIsNotInstalled() throws Exception {
        byte[] zip = Packages.zip(Packages.entries(Packages.manifest("demo", "1.0.0"), new byte[] {1, 2, 3, 4}));
        refused(registry(), zip, "invalid_module");
    }

    @Test
    void oversizedModuleAndPackageAreRefusedWhileInflating() throws Exception {
        PackageRegistry small = registry(PackageLimits.of(64 * 1024, 1024));
        byte[] bigWasm = new byte[4096]; // compresses to a few bytes: only inflating reveals the size
        System.arraycopy(Packages.wasm(1), 0, bigWasm, 0, 8);
        InvalidPluginException wasm = refused(small,
                Packages.zip(Packages.entries(Packages.manifest("demo", "1.0.0"), bigWasm)), "too_large");
        assertEquals("plugin.wasm", wasm.field());

        Map<String, byte[]> bomb = Packages.entries(Packages.manifest("demo", "1.0.0"), Packages.wasm(1));
        bomb.put("filler", new byte[128 * 1024]);
        refused(small, Packages.zip(bomb), "too_large");

        byte[] random = new byte[80 * 1024];
        new java.util.Random(1).nextBytes(random);
        Map<String, byte[]> big = Packages.entries(Packages.manifest("demo", "1.0.0"), Packages.wasm(1));
        big.put("noise", random);
        refused(small, Packages.zip(big), "too_large");
    }

    @Test
    void dropInFolderInstallsAtStartSkipsBadFilesAndPicksUpNewOnes() throws Exception {
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.write(plugins.resolve("a-bad.wpkg"), "garbage".getBytes(StandardCharsets.UTF_8));
        Files.write(plugins.resolve("b-good.wpkg"), Packages.plugin("first", "1.0.0", 1));
        Files.write(plugins.resolve("ignored.txt"), Packages.plugin("ignored", "1.0.0", 1));

        PackageRegistry r = registry();
        assertEquals(List.of("first@1.0.0"), versions(r));
        assertEquals("disk", r.list().get(0).origin());

        Files.write(plugins.resolve("c-later.zip"), Packages.plugin("second", "2.0.0", 2));
        long deadline = System.currentTimeMillis() + 5000;
        while (r.find("second", null).isEmpty() && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(List.of("first@1.0.0", "second@2.0.0"), versions(r));
    }
}
