package dev.warden.fleet.internal;

import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A registry that already holds every plugin an assignment names: packages are not what the scale
 * benchmark measures, so the fleet source finds them present and never fetches one.
 */
final class PresentRegistry implements PluginRegistry {

    @Override
    public List<PluginInfo> list() {
        return List.of();
    }

    @Override
    public Optional<PluginPackage> find(String id, String version) {
        PluginInfo info = new PluginInfo(new PluginManifest(id, id, version == null ? "1.0.0" : version, null, "run_check",
                null, null, List.of(), null, null, null, null, null), "0".repeat(64), 0, null, "fleet", null, false);
        return Optional.of(new PluginPackage() {
            @Override
            public PluginInfo info() {
                return info;
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
    public PluginInfo install(InputStream zip, String origin) {
        throw new UnsupportedOperationException("the scale benchmark installs nothing");
    }

    @Override
    public PluginInfo validate(InputStream zip, String origin) {
        throw new UnsupportedOperationException("the scale benchmark validates nothing");
    }

    @Override
    public boolean delete(String id, String version) {
        return false;
    }

    @Override
    public void validateAssignment(Assignment assignment) {
    }

    @Override
    public Set<String> secretParams(String id, String version) {
        return Set.of();
    }
}
