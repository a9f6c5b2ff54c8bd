package dev.warden.registry.internal;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.ModuleValidator;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.common.WardenHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugin registry: checks packages (zip, manifest, then the engine's {@link ModuleValidator}),
 * keeps them in a content-addressed store under {@code $WARDEN_HOME/packages}, and installs what
 * is dropped into {@code $WARDEN_HOME/plugins}.
 *
 * <p>Installing an id+version that is already installed with different content replaces it: the
 * newest upload wins, so fixing a broken package does not require a version bump (runs already
 * holding the old {@link PluginPackage} fail cleanly when its files are gone). The same content
 * again is a no-op that returns the stored info.
 */
@Component(service = PluginRegistry.class, configurationPid = RegistryConfig.PID, immediate = true)
@Designate(ocd = RegistryConfig.class)
public final class PackageRegistry implements PluginRegistry {

    static final String ORIGIN_DISK = "disk";

    private static final Logger LOG = LoggerFactory.getLogger(PackageRegistry.class);

    private record Key(String id, String version) {
    }

    private final ModuleValidator validator;
    private final PackageReader reader;
    private final ManifestParser parser;
    private final PackageStore store;
    private final DropInFolder dropIn;
    private final Map<Key, StoredPackage> installed = new HashMap<>();

    @Activate
    public PackageRegistry(@Reference(name = "validator") ModuleValidator validator, RegistryConfig config) throws IOException {
        this(validator, PackageLimits.of(config), WardenHome.path(), Math.max(100, config.plugins__dir__poll__ms()));
    }

    PackageRegistry(ModuleValidator validator, PackageLimits limits, Path home, long pollMillis) throws IOException {
        this.validator = validator;
        this.reader = new PackageReader(limits);
        this.parser = new ManifestParser(limits.manifestBytes());
        this.store = new PackageStore(home.resolve("packages"));
        reload();
        this.dropIn = new DropInFolder(home.resolve("plugins"), zip -> install(zip, ORIGIN_DISK));
        dropIn.start(pollMillis);
    }

    @Deactivate
    void deactivate() {
        dropIn.close();
    }

    private void reload() throws IOException {
        for (StoredPackage pkg : store.loadAll()) {
            Key key = key(pkg.info());
            StoredPackage other = installed.get(key);
            if (other == null) {
                installed.put(key, pkg);
                continue;
            }
            // Two folders for one id+version: a crash between storing a replacement and removing
            // the old one. The later install wins, as it would have without the crash.
            boolean newer = pkg.info().installedAt().compareTo(other.info().installedAt()) > 0;
            StoredPackage loser = newer ? other : pkg;
            installed.put(key, newer ? pkg : other);
            store.delete(loser);
        }
        LOG.info("Plugin registry loaded {} package(s)", installed.size());
    }

    private static Key key(PluginInfo info) {
        return new Key(info.id(), info.version());
    }

    @Override
    public synchronized List<PluginInfo> list() {
        return installed.values().stream().map(StoredPackage::info)
                .sorted(Comparator.comparing(PluginInfo::id).thenComparing(PluginInfo::version, SemVer::compareText))
                .toList();
    }

    @Override
    public synchronized Optional<PluginPackage> find(String id, String version) {
        if (id == null) {
            return Optional.empty();
        }
        if (version != null) {
            return Optional.ofNullable(installed.get(new Key(id, version)));
        }
        return installed.values().stream().filter(p -> p.info().id().equals(id))
                .max(Comparator.comparing(p -> p.info().version(), SemVer::compareText))
                .map(PluginPackage.class::cast);
    }

    @Override
    public PluginInfo install(InputStream zip, String origin) throws InvalidPluginException {
        // Parsing and validation run outside the lock: they are the slow part and touch no shared state.
        PackageContents contents = reader.read(zip);
        PluginManifest manifest = parser.parse(contents.manifest());
        validate(contents.wasm(), manifest);
        synchronized (this) {
            try {
                return store(contents, manifest, origin == null ? "upload" : origin);
            } catch (IOException e) {
                LOG.error("Storing plugin {} {} failed", manifest.id(), manifest.version(), e);
                throw new InvalidPluginException("internal", "the package could not be stored: " + e.getMessage());
            }
        }
    }

    private void validate(byte[] wasm, PluginManifest manifest) throws InvalidPluginException {
        try {
            validator.validate(wasm, manifest);
        } catch (RuntimeException e) {
            throw new InvalidPluginException("invalid_module", PackageContents.WASM,
                    "the module could not be validated: " + e.getMessage());
        }
    }

    private PluginInfo store(PackageContents contents, PluginManifest manifest, String origin) throws IOException {
        Key key = new Key(manifest.id(), manifest.version());
        StoredPackage current = installed.get(key);
        if (current != null && current.dir().equals(store.folderFor(contents))) {
            return current.info();
        }
        StoredPackage stored = store.write(contents, manifest, origin);
        installed.put(key, stored);
        if (current != null) {
            store.delete(current);
            LOG.info("Plugin {} {} replaced by new content (sha256 {}, from {})", key.id(), key.version(),
                    stored.info().sha256(), origin);
        } else {
            LOG.info("Plugin {} {} installed (sha256 {}, from {})", key.id(), key.version(), stored.info().sha256(),
                    origin);
        }
        return stored.info();
    }

    @Override
    public synchronized boolean delete(String id, String version) {
        StoredPackage pkg = installed.remove(new Key(id, version));
        if (pkg == null) {
            return false;
        }
        try {
            store.delete(pkg);
        } catch (IOException e) {
            // Out of the index already; a leftover folder is reloaded at the next start, which is
            // safer than pretending the delete failed while the plugin no longer resolves.
            LOG.warn("Plugin {} {} removed, but its folder {} could not be deleted: {}", id, version, pkg.dir(),
                    e.toString());
        }
        LOG.info("Plugin {} {} deleted", id, version);
        return true;
    }
}
