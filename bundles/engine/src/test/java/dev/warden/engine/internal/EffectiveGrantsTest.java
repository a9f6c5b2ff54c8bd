package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.PluginManifest;
import java.util.List;
import org.junit.jupiter.api.Test;

class EffectiveGrantsTest {

    private static PluginManifest manifest(Permissions requested) {
        return new PluginManifest("p", "p", "1.0.0", null, "run_check", "none", null,
                List.of("get_config", "tcp_connect"), requested, null, null, null, null);
    }

    private static Permissions effective(Permissions requested, Permissions granted) {
        return EffectiveGrants.of(manifest(requested), new Grants(null, granted)).permissions();
    }

    @Test
    void withoutGrantedPermissionsTheRunGetsDomainsAndPortsButNoNetworksAndNoTlsSkip() {
        Permissions requested = new Permissions(List.of("*"), List.of("10.0.0.0/8", "127.0.0.0/8"), List.of(443),
                true);
        Permissions effective = EffectiveGrants.of(manifest(requested), dev.warden.api.dto.Grants.MANIFEST)
                .permissions();
        assertEquals(List.of("*"), effective.allowedDomains());
        assertEquals(List.of(443), effective.allowedPorts());
        assertEquals(List.of(), effective.allowedNetworks());
        assertEquals(false, effective.tlsInsecure());
    }

    @Test
    void aGrantedNetworkInsideARequestedOneIsWhatTheRunMayReach() {
        Permissions requested = new Permissions(List.of(), List.of("127.0.0.0/8", "10.0.0.0/8", "::1/128"), List.of(), false);
        Permissions granted = new Permissions(List.of(), List.of("127.0.0.1/32", "10.1.2.3"), List.of(), false);

        assertEquals(List.of("127.0.0.1/32", "10.1.2.3"), effective(requested, granted).allowedNetworks());
    }

    @Test
    void aGrantedNetworkWiderThanTheRequestIsBoundedByTheRequest() {
        Permissions requested = new Permissions(List.of(), List.of("10.1.0.0/16"), List.of(), false);
        Permissions granted = new Permissions(List.of(), List.of("10.0.0.0/8", "192.168.0.0/16"), List.of(), false);

        assertEquals(List.of("10.1.0.0/16"), effective(requested, granted).allowedNetworks());
    }

    @Test
    void aGrantedDomainInsideARequestedPatternIsKeptAndOthersAreDropped() {
        Permissions requested = new Permissions(List.of("*.example.com", "api.other.org"), List.of(), List.of(), false);
        Permissions granted = new Permissions(List.of("db.example.com", "*.x.example.com", "evil.org", "*"), List.of(),
                List.of(), false);

        assertEquals(List.of("db.example.com", "*.x.example.com", "*.example.com", "api.other.org"),
                effective(requested, granted).allowedDomains());
    }

    @Test
    void aRequestOfAnyDomainLetsTheGrantChooseTheDomains() {
        Permissions requested = new Permissions(List.of("*"), List.of(), List.of(), false);
        Permissions granted = new Permissions(List.of("*.itest", "svc.example"), List.of(), List.of(), false);

        assertEquals(List.of("*.itest", "svc.example"), effective(requested, granted).allowedDomains());
    }

    @Test
    void portsAndTlsInsecureStayAnExactIntersection() {
        Permissions requested = new Permissions(List.of(), List.of(), List.of(443, 8443), false);
        Permissions granted = new Permissions(List.of(), List.of(), List.of(8443, 9000), true);

        Permissions p = effective(requested, granted);
        assertEquals(List.of(8443), p.allowedPorts());
        assertEquals(false, p.tlsInsecure());
    }
}
