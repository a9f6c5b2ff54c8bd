package dev.warden.api.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The capabilities of host ABI v1 and its Warden extensions, with the {@code env} imports each
 * one covers. A manifest lists capability names; a module may import only functions of the
 * capabilities its manifest lists. Validation uses this table so a package can be accepted while
 * the bundle that implements a capability is not installed (the run then ends UNKNOWN naming it).
 */
public final class KnownCapabilities {

    /** Capability name to the import names it covers, in ABI order. */
    public static final Map<String, List<String>> IMPORTS = Map.ofEntries(
            Map.entry("get_config", List.of("get_config")),
            Map.entry("log", List.of("log")),
            Map.entry("submit_result", List.of("submit_result")),
            Map.entry("http_request", List.of("http_request")),
            Map.entry("tcp_connect", List.of("tcp_connect", "tcp_read", "tcp_write", "tcp_close")),
            Map.entry("udp_sendto", List.of("udp_sendto")),
            Map.entry("dns_lookup", List.of("dns_lookup")),
            Map.entry("tls_inspect", List.of("tls_inspect")),
            Map.entry("kv", List.of("kv_get", "kv_set")),
            Map.entry("now_ms", List.of("now_ms")));

    private KnownCapabilities() {
    }

    /** The capability an {@code env} import belongs to. */
    public static Optional<String> capabilityOf(String importName) {
        for (Map.Entry<String, List<String>> e : IMPORTS.entrySet()) {
            if (e.getValue().contains(importName)) {
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }
}
