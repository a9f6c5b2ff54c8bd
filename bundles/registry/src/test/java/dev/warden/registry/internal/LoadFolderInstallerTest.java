package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadFolderInstallerTest {

    @TempDir
    Path home;

    private final FakePluginRegistry registry = new FakePluginRegistry();

    private Path ledger() {
        return home.resolve("data/registry/load-folder.json");
    }

    private LoadFolderInstaller installer() {
        return new LoadFolderInstaller(registry, ledger());
    }

    private File drop(String name, byte[] content) throws IOException {
        Path load = Files.createDirectories(home.resolve("load"));
        return Files.write(load.resolve(name), content).toFile();
    }

    @Test
    void claimsWpkgFilesAndOnlyThoseZipsThatLookLikePackages() throws IOException {
        LoadFolderInstaller installer = installer();
        assertTrue(installer.canHandle(drop("a.wpkg", new byte[] {1, 2})), "a .wpkg is always ours, even a broken one");
        assertTrue(installer.canHandle(drop("b.ZIP", Packages.plugin("b", "1.0.0", 1))));
        assertFalse(installer.canHandle(drop("other.zip", Packages.zip(Map.of("readme.txt", new byte[] {1})))));
        assertFalse(installer.canHandle(drop("junk.zip", "not a zip".getBytes(StandardCharsets.UTF_8))));
        assertFalse(installer.canHandle(drop("dev.warden.registry.cfg", new byte[0])));
        assertFalse(installer.canHandle(home.resolve("load/missing.wpkg").toFile()));
    }

    @Test
    void installGoesThroughTheRegistryAsPlacedOnDisk() throws IOException {
        installer().install(drop("demo.wpkg", Packages.plugin("demo", "1.0.0", 1)));
        assertEquals(1, registry.installs.size());
        assertEquals("disk", registry.installs.get(0).origin());
        assertTrue(registry.find("demo", "1.0.0").isPresent());
    }

    @Test
    void aRefusedPackageIsLoggedNotThrownSoFileInstallKeepsWatchingIt() throws IOException {
        LoadFolderInstaller installer = installer();
        File file = drop("bad.wpkg", Packages.plugin("bad", "1.0.0", 1));
        installer.install(file); // would throw InvalidPluginException from the registry
        installer.install(drop("garbage.wpkg", new byte[] {9, 9, 9}));
        assertTrue(registry.installed.isEmpty());
        Files.write(file.toPath(), Packages.plugin("good", "1.0.0", 1));
        installer.update(file);
        assertTrue(registry.find("good", "1.0.0").isPresent(), "the fixed file is installed on update");
    }

    @Test
    void uninstallDeletesEveryVersionTheFileInstalled() throws IOException {
        LoadFolderInstaller installer = installer();
        File file = drop("demo.wpkg", Packages.plugin("demo", "1.0.0", 1));
        installer.install(file);
        Files.write(file.toPath(), Packages.plugin("demo", "2.0.0", 2));
        installer.update(file);
        assertTrue(registry.find("demo", "1.0.0").isPresent(), "an update keeps the older version for rollback");
        registry.put("unrelated", "1.0.0", "ff", "upload");

        installer.uninstall(file);
        assertEquals(List.of("unrelated@1.0.0"), registry.list().stream().map(i -> i.id() + "@" + i.version()).toList());
    }

    @Test
    void uninstallLeavesAVersionWhoseContentWasReplacedSince() throws IOException {
        LoadFolderInstaller installer = installer();
        File file = drop("demo.wpkg", Packages.plugin("demo", "1.0.0", 1));
        installer.install(file);
        registry.put("demo", "1.0.0", "other-content", "upload");
        installer.uninstall(file);
        assertTrue(registry.find("demo", "1.0.0").isPresent());
    }

    @Test
    void uninstallLeavesAVersionThatAnotherFileStillCarries() throws IOException {
        LoadFolderInstaller installer = installer();
        File a = drop("a.wpkg", Packages.plugin("demo", "1.0.0", 1));
        File b = drop("copy-of-a.wpkg", Packages.plugin("demo", "1.0.0", 1));
        installer.install(a);
        installer.install(b);
        installer.uninstall(a);
        assertTrue(registry.find("demo", "1.0.0").isPresent());
        installer.uninstall(b);
        assertFalse(registry.find("demo", "1.0.0").isPresent());
    }

    @Test
    void aFileRemovedWhileTheAgentWasDownIsCleanedUpAtTheNextStart() throws IOException {
        File gone = drop("gone.wpkg", Packages.plugin("gone", "1.0.0", 1));
        File kept = drop("kept.wpkg", Packages.plugin("kept", "1.0.0", 2));
        LoadFolderInstaller first = installer();
        first.install(gone);
        first.install(kept);
        assertTrue(Files.isRegularFile(ledger()));

        Files.delete(gone.toPath());
        installer(); // the next start
        assertFalse(registry.find("gone", "1.0.0").isPresent());
        assertTrue(registry.find("kept", "1.0.0").isPresent());
        assertFalse(Files.readString(ledger()).contains("gone.wpkg"), "the ledger forgets the file");
    }

    @Test
    void anUnreadableLedgerStartsEmpty() throws IOException {
        Files.createDirectories(ledger().getParent());
        Files.writeString(ledger(), "{not json");
        LoadFolderInstaller installer = installer();
        installer.install(drop("demo.wpkg", Packages.plugin("demo", "1.0.0", 1)));
        assertTrue(Files.readString(ledger()).contains("demo.wpkg"));
    }
}
