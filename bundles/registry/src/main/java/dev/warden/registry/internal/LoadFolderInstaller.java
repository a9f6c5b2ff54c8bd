package dev.warden.registry.internal;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.PluginInfo;
import dev.warden.common.WardenHome;
import dev.warden.registry.internal.LoadFolderLedger.Installed;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.ZipFile;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plugin packages dropped into FileInstall's folder ({@code $WARDEN_HOME/load}): a {@code .wpkg},
 * or a {@code .zip} with a {@code plugin.yaml} at its root, is installed through the registry as
 * placed on disk (trusted by placement, validated like any other); changing the file installs its
 * new content; removing it deletes the versions it installed.
 *
 * <p>A refused package is logged with the file name and reason, and FileInstall is told it was
 * handled: had we thrown, FileInstall would log a stack trace and forget the file, so fixing it
 * in place would not be noticed as an update. Either way FileInstall does not retry an unchanged
 * file, so a bad package never loops.
 *
 * <p>Removing a file deletes its versions even when assignments use them: taking a package off
 * the agent's disk is as explicit as uninstalling a bundle. Versions are deleted only while the
 * registry still holds the content that the file installed (an upload of the same version since
 * then is left alone). What each file installed is kept under {@code $WARDEN_HOME/data/registry},
 * so a file removed while the agent was down is cleaned up at the next start.
 */
@Component(service = ArtifactInstaller.class, immediate = true)
public final class LoadFolderInstaller implements ArtifactInstaller {

    static final String ORIGIN = "disk";

    private static final Logger LOG = LoggerFactory.getLogger(LoadFolderInstaller.class);

    private final PluginRegistry registry;
    private final LoadFolderLedger ledger;

    @Activate
    public LoadFolderInstaller(@Reference(name = "registry") PluginRegistry registry) {
        this(registry, WardenHome.data().resolve("registry").resolve("load-folder.json"));
    }

    LoadFolderInstaller(PluginRegistry registry, Path ledgerFile) {
        this.registry = registry;
        this.ledger = LoadFolderLedger.open(ledgerFile);
        forgetVanishedFiles();
    }

    @Override
    public boolean canHandle(File artifact) {
        String name = artifact.getName().toLowerCase(Locale.ROOT);
        if (name.endsWith(".wpkg")) {
            return artifact.isFile();
        }
        // Other zips in load/ may be someone else's business: only claim the ones shaped like a package.
        return name.endsWith(".zip") && artifact.isFile() && hasManifest(artifact);
    }

    private static boolean hasManifest(File zip) {
        try (ZipFile z = new ZipFile(zip)) {
            return z.getEntry(PackageContents.MANIFEST) != null;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void install(File artifact) {
        installFile(artifact);
    }

    /** New content of a file: installed as it comes; versions the file installed before stay (rollback by pinning). */
    @Override
    public void update(File artifact) {
        installFile(artifact);
    }

    @Override
    public synchronized void uninstall(File artifact) {
        try {
            String key = key(artifact);
            deleteVersions(artifact.getName(), ledger.forget(key));
            ledger.save();
        } catch (RuntimeException e) {
            LOG.error("Removing the plugins of {} failed", artifact.getName(), e);
        }
    }

    private synchronized void installFile(File artifact) {
        try (InputStream in = Files.newInputStream(artifact.toPath())) {
            PluginInfo info = registry.install(in, ORIGIN);
            ledger.record(key(artifact), new Installed(info.id(), info.version(), info.sha256()));
            ledger.save();
            LOG.info("Plugin {} {} installed from {}", info.id(), info.version(), artifact.getName());
        } catch (InvalidPluginException e) {
            LOG.warn("Plugin package {} refused ({}{}): {}", artifact.getName(), e.code(),
                    e.field() == null ? "" : ", " + e.field(), e.getMessage());
        } catch (IOException e) {
            LOG.warn("Plugin package {} could not be read: {}", artifact.getName(), e.toString());
        } catch (RuntimeException e) {
            LOG.error("Plugin package {} could not be installed", artifact.getName(), e);
        }
    }

    /** Files that went away while nobody watched (agent down, registry restarted) take their versions along. */
    private synchronized void forgetVanishedFiles() {
        boolean changed = false;
        for (String file : ledger.files()) {
            if (!Files.exists(Path.of(file))) {
                deleteVersions(Path.of(file).getFileName().toString(), ledger.forget(file));
                changed = true;
            }
        }
        if (changed) {
            ledger.save();
        }
    }

    private void deleteVersions(String fileName, List<Installed> versions) {
        for (Installed v : versions) {
            if (ledger.claimed(v)) {
                continue; // another file in load/ carries the same package
            }
            Optional<PluginPackage> current = registry.find(v.id(), v.version());
            if (current.isPresent() && v.sha256().equals(current.get().info().sha256())
                    && registry.delete(v.id(), v.version())) {
                LOG.info("Plugin {} {} deleted: {} was removed from the load folder", v.id(), v.version(), fileName);
            }
        }
    }

    private static String key(File artifact) {
        return artifact.toPath().toAbsolutePath().normalize().toString();
    }
}
