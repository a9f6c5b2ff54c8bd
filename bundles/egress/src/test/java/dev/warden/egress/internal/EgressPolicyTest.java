package dev.warden.egress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.Permissions;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.Header;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class EgressPolicyTest {

    private static EgressPolicy policy(List<String> domains, List<String> networks, List<Integer> ports) {
        return new EgressPolicy(new Permissions(domains, networks, ports, false));
    }

    private static String rule(ThrowingRunnable r) {
        EgressException e = assertThrows(EgressException.class, r::run);
        return e.rule();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void numericHostFormsAreLiteralsWithInetAtonSemantics() throws Exception {
        for (String s : List.of("127.1", "2130706433", "0x7f000001", "0177.0.0.1", "0x7f.1", "127.0.0.1.",
                "0x7F.0.0.1", "127.0.1")) {
            HostName h = HostName.parse(s, false);
            assertTrue(h.isLiteral(), s);
            assertEquals("127.0.0.1", h.name(), s);
        }
        assertEquals("0.0.0.0", HostName.parse("0", false).name());
        for (String bad : List.of("256.0.0.1", "1.2.3.4.5", "09.1.1.1", "4294967296", "foo.123", "0x1.0x100.1.1")) {
            assertEquals("host", rule(() -> HostName.parse(bad, false)), bad);
        }
    }

    @Test
    void namesAreLowerCasedIdnEncodedAndLoseOneTrailingDot() throws Exception {
        assertEquals("api.example.com", HostName.parse("API.Example.COM.", false).name());
        assertEquals("xn--bcher-kva.test", HostName.parse("b\u00fccher.test", false).name());
        assertFalse(HostName.parse("api.example.com", false).isLiteral());
        for (String bad : List.of("", "a..b", "a.b..", "-a.test", "a_b.test", "a b", "a\r\nb", "a\0b", "x%2e.test")) {
            assertEquals("host", rule(() -> HostName.parse(bad, false)), bad);
        }
        assertEquals("userinfo", rule(() -> HostName.parse("user@host.test", false)));
        assertEquals("_sip._tcp.example.com", HostName.parse("_sip._tcp.example.com", true).name());
    }

    @Test
    void ipv6LiteralsAreCanonicalAndMappedFormsBecomeIpv4() throws Exception {
        assertEquals("0:0:0:0:0:0:0:1", HostName.parse("[::1]", false).name());
        assertEquals("127.0.0.1", HostName.parse("[::ffff:127.0.0.1]", false).name());
        assertEquals("host", rule(() -> HostName.parse("[::1", false)));
        assertEquals("host", rule(() -> HostName.parse("[fe80::1%eth0]", false)));
    }

    @Test
    void addressClassesIncludeEmbeddedIpv4Forms() throws Exception {
        String[][] expected = {
            {"127.0.0.1", "LOOPBACK"}, {"::1", "LOOPBACK"}, {"0.0.0.0", "UNSPECIFIED"}, {"::", "UNSPECIFIED"},
            {"10.1.2.3", "PRIVATE"}, {"172.31.0.1", "PRIVATE"}, {"172.32.0.1", "PUBLIC"}, {"192.168.0.1", "PRIVATE"},
            {"100.64.0.1", "CGNAT"}, {"169.254.0.1", "LINK_LOCAL"}, {"169.254.169.254", "METADATA"},
            {"100.100.100.200", "METADATA"}, {"fd00:ec2::254", "METADATA"}, {"fc00::1", "UNIQUE_LOCAL"},
            {"fe80::1", "LINK_LOCAL"}, {"224.0.0.1", "MULTICAST"}, {"ff02::1", "MULTICAST"},
            {"255.255.255.255", "RESERVED"}, {"198.18.0.1", "BENCHMARKING"}, {"::127.0.0.1", "LOOPBACK"},
            {"64:ff9b::10.0.0.1", "PRIVATE"}, {"64:ff9b::8.8.8.8", "PUBLIC"}, {"2002:a00:1::", "PRIVATE"},
            {"2001:0:1::1", "RESERVED"}, {"::8.8.8.8", "RESERVED"}, {"8.8.8.8", "PUBLIC"},
            {"2606:4700::1111", "PUBLIC"},
        };
        for (String[] e : expected) {
            assertEquals(e[1], AddressClass.classify(InetAddress.getByName(e[0])).type().name(), e[0]);
        }
    }

    @Test
    void cidrContainsByPrefix() {
        Cidr c = Cidr.parse("10.0.0.0/8");
        assertTrue(c.contains(new byte[] {10, 9, 8, 7}));
        assertFalse(c.contains(new byte[] {11, 0, 0, 0}));
        assertFalse(c.contains(new byte[16]));
        assertTrue(Cidr.parse("fd00::/8").contains(new byte[] {(byte) 0xfd, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            1}));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/33"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("127.1/32"));
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("example.com/32"));
    }

    @Test
    void domainPatternsMatchExactSubdomainsOrAnything() {
        EgressPolicy p = policy(List.of("api.example.com", "*.example.org", "B\u00dcCHER.test."), List.of(), List.of());
        assertTrue(p.domainAllowed("api.example.com"));
        assertFalse(p.domainAllowed("x.api.example.com"));
        assertTrue(p.domainAllowed("a.example.org"));
        assertTrue(p.domainAllowed("a.b.example.org"));
        assertFalse(p.domainAllowed("example.org"), "the apex is not a subdomain");
        assertFalse(p.domainAllowed("evilexample.org"));
        assertTrue(p.domainAllowed("xn--bcher-kva.test"));
        assertTrue(policy(List.of("*"), List.of(), List.of()).domainAllowed("anything.test"));
    }

    @Test
    void specialRangesNeedAGrantInsideThem() throws Exception {
        HostName literal = HostName.parse("127.0.0.1", false);
        List<InetAddress> loopback = List.of(literal.literal());
        assertEquals("address:loopback", rule(() -> policy(List.of(), List.of("0.0.0.0/0"), List.of())
                .checkAddresses(literal, loopback)));
        policy(List.of(), List.of("127.0.0.0/8"), List.of()).checkAddresses(literal, loopback);
        HostName metadata = HostName.parse("169.254.169.254", false);
        assertEquals("address:metadata", rule(() -> policy(List.of(), List.of("169.254.0.0/16"), List.of())
                .checkAddresses(metadata, List.of(metadata.literal()))));
        policy(List.of(), List.of("169.254.169.254/32"), List.of()).checkAddresses(metadata, List.of(metadata.literal()));
        HostName publicLiteral = HostName.parse("8.8.8.8", false);
        assertEquals("allowed_networks", rule(() -> policy(List.of("*"), List.of(), List.of())
                .checkAddresses(publicLiteral, List.of(publicLiteral.literal()))));
        HostName name = HostName.parse("dns.test", false);
        policy(List.of("dns.test"), List.of(), List.of()).checkAddresses(name, List.of(publicLiteral.literal()));
    }

    @Test
    void portsDefaultToTheSchemeOnlyForHttp() throws Exception {
        EgressPolicy none = policy(List.of("*"), List.of(), List.of());
        none.checkPort(443, 443);
        assertEquals("allowed_ports", rule(() -> none.checkPort(8443, 443)));
        assertEquals("allowed_ports", rule(() -> none.checkPort(80, -1)));
        EgressPolicy some = policy(List.of("*"), List.of(), List.of(8443));
        some.checkPort(8443, 443);
        assertEquals("allowed_ports", rule(() -> some.checkPort(443, 443)));
    }

    @Test
    void urlsComeBackCanonical() throws Exception {
        EgressPolicy p = policy(List.of("*"), List.of(), List.of(8080));
        EgressPolicy.CheckedUrl u = p.checkUrl("HTTP://API.Example.COM.:8080/a%20b?q=1#frag");
        assertEquals("http://api.example.com:8080/a%20b?q=1", u.uri().toString());
        assertEquals(8080, u.port());
        assertEquals("http://127.0.0.1:8080/", p.checkUrl("http://0x7f.1:8080").uri().toString());
        assertEquals("http://[0:0:0:0:0:0:0:1]:8080/", p.checkUrl("http://[::1]:8080/").uri().toString());
        assertEquals("url", rule(() -> p.checkUrl("http://a.test:99999/")));
    }

    @Test
    void headersAreCheckedAndFramingHeadersDropped() throws Exception {
        List<Header> kept = RequestHeaders.check(List.of(new Header("Accept", "*/*"),
                new Header("Content-Length", "5"), new Header("Transfer-Encoding", "chunked"),
                new Header("Connection", "close")));
        assertEquals(List.of(new Header("Accept", "*/*")), kept);
        assertEquals("header:host", rule(() -> RequestHeaders.check(List.of(new Header("HOST", "x")))));
        assertEquals("header", rule(() -> RequestHeaders.check(List.of(new Header("X y", "x")))));
        assertEquals("method", rule(() -> RequestHeaders.method("CONNECT")));
        assertEquals("GET", RequestHeaders.method(null));
        assertEquals("PATCH", RequestHeaders.method("PATCH"));
    }

    @Test
    void staticHostsTakeNamesToAddressesOnly() {
        assertEquals(2, StaticHosts.parse(new String[] {"a.test=127.0.0.1,::1"}).get("a.test").size());
        assertThrows(IllegalArgumentException.class, () -> StaticHosts.parse(new String[] {"a.test=b.test"}));
        assertThrows(IllegalArgumentException.class, () -> StaticHosts.parse(new String[] {"127.0.0.1=127.0.0.1"}));
    }
}
