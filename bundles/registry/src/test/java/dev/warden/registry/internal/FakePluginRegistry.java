package dev.warden.registry.internal;

import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A registry that reads only {@code id} and {@code version} from a package's {@code plugin.yaml}
 * and remembers what it was given; a manifest with {@code id: bad} is refused.
 */
final class FakePluginRegistry implements PluginRegistry {

    record Install(String id, String version, String origin, Map<String, byte[]> entries) {
    }

    private static final Pattern FIELD = Pattern.compile("(?m)^(id|version):\\s*(\\S+)\\s*$");

    final Map<String, PluginInfo> installed = new HashMap<>();
    final List<Install> installs = new ArrayList<>();
    final List<String> deleted = new ArrayList<>();

    @Override
    public synchronized List<PluginInfo> list() {
        return List.copyOf(installed.values());
    }

    @Override
    public synchronized Optional<PluginPackage> find(String id, String version) {
        PluginInfo info = installed.get(id + "@" + version);
        return Optional.ofNullable(info).map(i -> new PluginPackage() {
            @Override
            public PluginInfo info() {
                return i;
            }

            @Override
            public byte[] wasm() {
                return new byte[0];
            }

            @Override
            public Optional<String> configSchema() {
                return Optional.empty();
            }
        });
    }

    @Override
    public synchronized PluginInfo install(InputStream zip, String origin) throws InvalidPluginException {
        Map<String, byte[]> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(zip)) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                entries.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new InvalidPluginException("not_a_zip", e.getMessage());
        }
        byte[] manifest = entries.get("plugin.yaml");
        if (manifest == null) {
            throw new InvalidPluginException("invalid_package", "plugin.yaml", "missing");
        }
        Map<String, String> fields = new HashMap<>();
        Matcher m = FIELD.matcher(new String(manifest, StandardCharsets.UTF_8));
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        String id = fields.get("id");
        String version = fields.get("version");
        if ("bad".equals(id)) {
            throw new InvalidPluginException("invalid_manifest", "id", "refused for the test");
        }
        String sha = Sha256.hex(entries.getOrDefault("plugin.wasm", new byte[0]));
        PluginInfo info = new PluginInfo(new PluginManifest(id, id, version, null, null, null, null, List.of(), null,
                null, null, null, null), sha, 0, null, origin, "2026-01-01T00:00:00Z", false);
        installed.put(id + "@" + version, info);
        installs.add(new Install(id, version, origin, entries));
        return info;
    }

    @Override
    public PluginInfo validate(InputStream zip, String origin) {
        throw new UnsupportedOperationException("not used by the load folder");
    }

    /** Installs directly, as if from elsewhere (an upload). */
    void put(String id, String version, String sha, String origin) {
        installed.put(id + "@" + version, new PluginInfo(new PluginManifest(id, id, version, null, null, null, null,
                List.of(), null, null, null, null, null), sha, 0, null, origin, "2026-01-01T00:00:00Z", false));
    }

    @Override
    public synchronized boolean delete(String id, String version) {
        boolean removed = installed.remove(id + "@" + version) != null;
        if (removed) {
            deleted.add(id + "@" + version);
        }
        return removed;
    }

    @Override
    public void validateAssignment(Assignment assignment) throws InvalidAssignmentException {
        // not used by the door tests
    }

    @Override
    public Set<String> secretParams(String id, String version) {
        return Set.of();
    }

    static InputStream stream(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }
}
