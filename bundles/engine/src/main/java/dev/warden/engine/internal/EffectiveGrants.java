package dev.warden.engine.internal;

import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.PluginManifest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * What a run may actually use: the manifest's requests intersected with the operator's grants. An
 * operator can only narrow what a plugin asked for, never widen it. An assignment that grants no
 * permissions gets the manifest's domains and ports, but never its {@code allowed_networks} or
 * {@code tls_insecure}: reaching an address range (internal ones above all) or skipping TLS
 * verification always takes an operator's explicit grant.
 */
final class EffectiveGrants {

    private EffectiveGrants() {
    }

    static Grants of(PluginManifest manifest, Grants granted) {
        Grants g = granted == null ? Grants.MANIFEST : granted;
        List<String> capabilities = g.capabilities() == null ? manifest.capabilities()
                : intersect(manifest.capabilities(), g.capabilities());
        Permissions asked = manifest.permissions();
        Permissions permissions = g.permissions() == null
                ? new Permissions(asked.allowedDomains(), List.of(), asked.allowedPorts(), false)
                : new Permissions(narrow(asked.allowedDomains(), g.permissions().allowedDomains(), GrantScope::narrowerDomain),
                        narrow(asked.allowedNetworks(), g.permissions().allowedNetworks(), GrantScope::narrowerNetwork),
                        intersect(asked.allowedPorts(), g.permissions().allowedPorts()),
                        asked.tlsInsecure() && g.permissions().tlsInsecure());
        return new Grants(capabilities, permissions);
    }

    /**
     * Domains and networks are ranges: a grant of 127.0.0.1/32 under a request of 127.0.0.0/8, or
     * of *.example.com under *, allows exactly the granted part; where a grant is wider than the
     * request (possible in configurations written straight to ConfigAdmin), the request bounds it.
     */
    private static List<String> narrow(List<String> requested, List<String> granted,
            BinaryOperator<String> narrower) {
        List<String> out = new ArrayList<>();
        for (String r : requested) {
            for (String gr : granted) {
                String n = narrower.apply(r, gr);
                if (n != null && !out.contains(n)) {
                    out.add(n);
                }
            }
        }
        return out;
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
