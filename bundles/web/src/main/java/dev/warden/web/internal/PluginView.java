package dev.warden.web.internal;

import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import java.util.List;

/** A plugin version as the API shows it: the identifying fields flat, the full manifest beside them. */
record PluginView(String id, String version, String name, String sha256, long wasmSize, List<String> capabilities,
        String signer, String origin, String installedAt, boolean hasConfigSchema, PluginManifest manifest) {

    static PluginView of(PluginInfo i) {
        PluginManifest m = i.manifest();
        return new PluginView(m.id(), m.version(), m.name(), i.sha256(), i.wasmSize(), m.capabilities(), i.signer(),
                i.origin(), i.installedAt(), i.hasConfigSchema(), m);
    }
}
