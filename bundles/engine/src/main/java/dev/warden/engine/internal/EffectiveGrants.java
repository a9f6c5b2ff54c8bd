package dev.warden.engine.internal;

import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.PluginManifest;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run may actually use: the manifest's requests intersected with the operator's grants. An
 * operator can only narrow what a plugin asked for, never widen it.
 */
final class EffectiveGrants {

    private EffectiveGrants() {
    }

    static Grants of(PluginManifest manifest, Grants granted) {
        Grants g = granted == null ? Grants.MANIFEST : granted;
        List<String> capabilities = g.capabilities() == null ? manifest.capabilities()
                : intersect(manifest.capabilities(), g.capabilities());
        Permissions asked = manifest.permissions();
        Permissions permissions = g.permissions() == null ? asked
                : new Permissions(intersect(asked.allowedDomains(), g.permissions().allowedDomains()),
                        intersect(asked.allowedNetworks(), g.permissions().allowedNetworks()),
                        intersect(asked.allowedPorts(), g.permissions().allowedPorts()),
                        asked.tlsInsecure() && g.permissions().tlsInsecure());
        return new Grants(capabilities, permissions);
    }

    private static <T> List<T> intersect(List<T> requested, List<T> granted) {
        List<T> out = new ArrayList<>();
        for (T t : requested) {
            if (granted.contains(t) && !out.contains(t)) {
                out.add(t);
            }
        }
        return out;
    }
}
