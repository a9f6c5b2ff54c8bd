package dev.warden.registry.internal;

import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.ModuleValidator;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.spi.KnownCapabilities;
import dev.warden.common.WardenHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
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
    private final ManifestParser parser;
    private final PackageStore store;
    private final ConfigSchemaCompiler schemaCompiler = new ConfigSchemaCompiler();
    /** Compiled schemas of installed packages by store folder, made when first needed. */
    private final Map<Path, ConfigSchema> schemas = new ConcurrentHashMap<>();
    // Replaced as a whole when the configuration changes, so an install sees one consistent policy.
    private volatile PackageReader reader;
    private volatile SignaturePolicy signatures;
    private final DropInFolder dropIn;
    private final Map<Key, StoredPackage> installed = new HashMap<>();

    @Activate
    public PackageRegistry(@Reference(name = "validator") ModuleValidator validator, RegistryConfig config) throws IOException {
        this(validator, PackageLimits.of(config), signaturePolicy(config), WardenHome.path(),
                Math.max(100, config.plugins__dir__poll__ms()));
    }

    /** For tests: no signature required, no trusted keys. */
    PackageRegistry(ModuleValidator validator, PackageLimits limits, Path home, long pollMillis) throws IOException {
        this(validator, limits, new SignaturePolicy(TrustedKeys.parse(new String[0]), false), home, pollMillis);
    }

    PackageRegistry(ModuleValidator validator, PackageLimits limits, SignaturePolicy signatures, Path home,
            long pollMillis) throws IOException {
        this.validator = validator;
        this.reader = new PackageReader(limits);
        this.signatures = signatures;
        this.parser = new ManifestParser(limits.manifestBytes());
        this.store = new PackageStore(home.resolve("packages"));
        reload();
        this.dropIn = new DropInFolder(home.resolve("plugins"), zip -> install(zip, ORIGIN_DISK));
        dropIn.start(pollMillis);
    }

    /** Size caps, signature policy and trusted keys apply to the next install, without a restart. */
    @Modified
    void modified(RegistryConfig config) {
        reader = new PackageReader(PackageLimits.of(config));
        signatures = signaturePolicy(config);
        LOG.info("Plugin registry configuration updated");
    }

    private static SignaturePolicy signaturePolicy(RegistryConfig config) {
        TrustedKeys keys = TrustedKeys.parse(config.trusted__keys());
        if (!config.require__signature()) {
            LOG.warn("require_signature is off: unsigned uploads are accepted");
        }
        return new SignaturePolicy(keys, config.require__signature());
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
        String from = origin == null ? SignaturePolicy.ORIGIN_UPLOAD : origin;
        Checked checked = check(zip, from);
        PackageContents contents = checked.contents();
        PluginManifest manifest = checked.manifest();
        synchronized (this) {
            try {
                return store(contents, manifest, checked.signer(), from);
            } catch (IOException e) {
                LOG.error("Storing plugin {} {} failed", manifest.id(), manifest.version(), e);
                throw new InvalidPluginException("internal", "the package could not be stored: " + e.getMessage());
            }
        }
    }

    @Override
    public PluginInfo validate(InputStream zip, String origin) throws InvalidPluginException {
        String from = origin == null ? SignaturePolicy.ORIGIN_UPLOAD : origin;
        Checked checked = check(zip, from);
        byte[] wasm = checked.contents().wasm();
        return new PluginInfo(checked.manifest(), Sha256.hex(wasm), wasm.length, checked.signer(), from, null,
                checked.contents().schema() != null);
    }

    /** A package that passed every check an install makes, with the key id of its signature. */
    private record Checked(PackageContents contents, PluginManifest manifest, String signer) {
    }

    private Checked check(InputStream zip, String origin) throws InvalidPluginException {
        PackageContents contents = reader.read(zip);
        PluginManifest manifest = parser.parse(contents.manifest(), knownCapabilities());
        if (contents.schema() != null) {
            schemaCompiler.compile(contents.schema());
        }
        String signer = signatures.check(contents, parser.tree(contents.manifest()), origin);
        validate(contents.wasm(), manifest);
        return new Checked(contents, manifest, signer);
    }

    private void validate(byte[] wasm, PluginManifest manifest) throws InvalidPluginException {
        try {
            validator.validate(wasm, manifest);
        } catch (RuntimeException e) {
            throw new InvalidPluginException("invalid_module", PackageContents.WASM,
                    "the module could not be validated: " + e.getMessage());
        }
    }

    private Set<String> knownCapabilities() {
        try {
            Set<String> known = validator.knownCapabilities();
            return known == null ? KnownCapabilities.IMPORTS.keySet() : known;
        } catch (RuntimeException e) {
            LOG.warn("Module validator could not list capabilities, using the ABI's own: {}", e.toString());
            return KnownCapabilities.IMPORTS.keySet();
        }
    }

    private PluginInfo store(PackageContents contents, PluginManifest manifest, String signer, String origin)
            throws IOException {
        Key key = new Key(manifest.id(), manifest.version());
        StoredPackage current = installed.get(key);
        if (current != null && current.dir().equals(store.folderFor(contents))) {
            return current.info();
        }
        StoredPackage stored = store.write(contents, manifest, signer, origin);
        installed.put(key, stored);
        if (current != null) {
            store.delete(current);
            schemas.remove(current.dir());
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
        schemas.remove(pkg.dir());
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

    @Override
    public void validateAssignment(Assignment assignment) throws InvalidAssignmentException {
        if (assignment == null) {
            throw new InvalidAssignmentException(null, "no assignment");
        }
        String id = assignment.pluginId();
        if (id == null || id.isBlank()) {
            throw new InvalidAssignmentException("plugin_id", "plugin_id is required");
        }
        String version = assignment.pluginVersion() == null || assignment.pluginVersion().isBlank() ? null
                : assignment.pluginVersion();
        StoredPackage pkg = (StoredPackage) find(id, version).orElse(null);
        if (pkg == null) {
            if (version != null && find(id, null).isPresent()) {
                throw new InvalidAssignmentException("plugin_version",
                        "plugin " + id + " has no installed version " + version);
            }
            throw new InvalidAssignmentException("plugin_id", "plugin " + id + " is not installed");
        }
        AssignmentCheck.check(assignment, pkg.info().manifest(), schemaOf(pkg));
    }

    @Override
    public Set<String> secretParams(String id, String version) {
        Optional<PluginPackage> pkg = find(id, version);
        if (pkg.isEmpty()) {
            return Set.of();
        }
        try {
            ConfigSchema schema = schemaOf((StoredPackage) pkg.get());
            return schema == null ? Set.of() : schema.secretPointers();
        } catch (InvalidAssignmentException e) {
            return Set.of();
        }
    }

    private ConfigSchema schemaOf(StoredPackage pkg) throws InvalidAssignmentException {
        Optional<String> text = pkg.configSchema();
        if (text.isEmpty()) {
            return null;
        }
        ConfigSchema cached = schemas.get(pkg.dir());
        if (cached != null) {
            return cached;
        }
        try {
            ConfigSchema schema = schemaCompiler.compile(text.get().getBytes(StandardCharsets.UTF_8));
            schemas.put(pkg.dir(), schema);
            return schema;
        } catch (InvalidPluginException e) {
            // Checked at install; failing now means the stored file changed behind our back.
            throw new InvalidAssignmentException("plugin_id", "the stored config schema of " + pkg.info().id()
                    + " " + pkg.info().version() + " is unusable: " + e.getMessage());
        }
    }
}
