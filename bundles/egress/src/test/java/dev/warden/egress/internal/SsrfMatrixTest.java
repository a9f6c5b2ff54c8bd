package dev.warden.egress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.Resources;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.EgressSession;
import dev.warden.api.egress.Header;
import dev.warden.api.egress.HttpCall;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every attempt must be denied with -2 and the expected rule, be reported to the run, take no
 * time worth a connection, and reach no socket: the listeners sit on the wildcard address at a
 * granted port, so only the address rules stand between them and the attempt.
 */
class SsrfMatrixTest {

    interface Attempt {
        void run(EgressSession session) throws EgressException;
    }

    record Case(String name, Permissions grant, String rule, Attempt attempt) {
    }

    private static CountingListener granted;
    private static CountingListener notGranted;
    private static TestHttpServer server;
    private static EgressRuntime runtime;
    private static List<Case> cases;

    @BeforeAll
    static void setUp() throws Exception {
        granted = new CountingListener();
        notGranted = new CountingListener();
        server = new TestHttpServer();
        runtime = new EgressRuntime(EgressSettings.defaults().withStaticHosts("evil.test=127.0.0.1",
                "evil6.test=::1", "mixed.test=203.0.113.9,127.0.0.1"));
        cases = cases();
        for (Case c : cases) {
            attempt(c); // warm-up: class loading must not count as connection time
        }
    }

    @AfterAll
    static void tearDown() throws Exception {
        runtime.close();
        server.close();
        granted.close();
        notGranted.close();
    }

    private static List<Case> cases() {
        int p = granted.port();
        int q = notGranted.port();
        int a = server.port();
        // names are granted, addresses are not: only address rules can stop these
        Permissions names = new Permissions(List.of("allowed.test", "evil.test", "evil6.test", "mixed.test",
                "localhost", "apple.test"), List.of("203.0.113.0/24"), List.of(p, a), false);
        // the loopback web server is granted: redirects from it must be re-checked
        Permissions server127 = new Permissions(List.of(), List.of("127.0.0.1/32"), List.of(p, a), false);
        List<Case> c = new ArrayList<>();
        String[][] httpLoopback = {
            {"loopback by name", "http://localhost:%d/", "address:loopback"},
            {"trailing-dot name", "http://localhost.:%d/", "address:loopback"},
            {"name pinned to loopback", "http://evil.test:%d/", "address:loopback"},
            {"name pinned to ::1", "http://evil6.test:%d/", "address:loopback"},
            {"one bad address among good ones", "http://mixed.test:%d/", "address:loopback"},
            {"dotted loopback", "http://127.0.0.1:%d/", "address:loopback"},
            {"short form 127.1", "http://127.1:%d/", "address:loopback"},
            {"decimal 2130706433", "http://2130706433:%d/", "address:loopback"},
            {"hex 0x7f000001", "http://0x7f000001:%d/", "address:loopback"},
            {"octal 0177.0.0.1", "http://0177.0.0.1:%d/", "address:loopback"},
            {"mixed 0x7f.1", "http://0x7f.1:%d/", "address:loopback"},
            {"trailing-dot literal", "http://127.0.0.1.:%d/", "address:loopback"},
            {"full-width digits", "http://\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11:%d/", "address:loopback"},
            {"0.0.0.0", "http://0.0.0.0:%d/", "address:unspecified"},
            {"bare 0", "http://0:%d/", "address:unspecified"},
            {"[::]", "http://[::]:%d/", "address:unspecified"},
            {"[::1]", "http://[::1]:%d/", "address:loopback"},
            {"IPv4-mapped [::ffff:127.0.0.1]", "http://[::ffff:127.0.0.1]:%d/", "address:loopback"},
            {"IPv4-mapped hex [::ffff:7f00:1]", "http://[::ffff:7f00:1]:%d/", "address:loopback"},
            {"IPv4-compatible [::127.0.0.1]", "http://[::127.0.0.1]:%d/", "address:loopback"},
            {"NAT64 [64:ff9b::127.0.0.1]", "http://[64:ff9b::127.0.0.1]:%d/", "address:loopback"},
            {"6to4 [2002:7f00:1::]", "http://[2002:7f00:1::]:%d/", "address:loopback"},
            {"cloud metadata", "http://169.254.169.254:%d/latest/meta-data/", "address:metadata"},
            {"mapped metadata", "http://[::ffff:169.254.169.254]:%d/", "address:metadata"},
            {"AWS IPv6 metadata", "http://[fd00:ec2::254]:%d/", "address:metadata"},
            {"Alibaba metadata", "http://100.100.100.200:%d/", "address:metadata"},
            {"private 10/8", "http://10.0.0.1:%d/", "address:private"},
            {"private 192.168/16", "http://192.168.1.1:%d/", "address:private"},
            {"private 172.16/12", "http://172.16.5.4:%d/", "address:private"},
            {"CGNAT", "http://100.64.0.1:%d/", "address:cgnat"},
            {"link-local", "http://169.254.1.1:%d/", "address:link_local"},
            {"IPv6 link-local", "http://[fe80::1]:%d/", "address:link_local"},
            {"unique-local", "http://[fd12:3456::1]:%d/", "address:unique_local"},
            {"multicast", "http://224.0.0.1:%d/", "address:multicast"},
            {"broadcast", "http://255.255.255.255:%d/", "address:reserved"},
            {"public literal not granted", "http://198.51.100.7:%d/", "allowed_networks"},
            {"name not granted", "http://unknown.test:%d/", "allowed_domains"},
            {"IDN homograph of a granted name", "http://\u0430pple.test:%d/", "allowed_domains"},
            {"userinfo before a loopback literal", "http://allowed.test@127.0.0.1:%d/", "userinfo"},
            {"userinfo that looks like host:port", "http://127.0.0.1:%d@allowed.test/", "userinfo"},
            {"percent-encoded host", "http://127.0.0.1%%2e:%d/", "host"},
            {"IPv6 zone id", "http://[fe80::1%%25eth0]:%d/", "host"},
            {"malformed IPv4", "http://1.2.3.256:%d/", "host"},
            {"ftp scheme", "ftp://evil.test:%d/", "scheme"},
            {"gopher scheme", "gopher://evil.test:%d/_x", "scheme"},
        };
        for (String[] h : httpLoopback) {
            String url = String.format(h[1], p);
            c.add(new Case(h[0] + " " + url, names, h[2], s -> s.http(get(url))));
        }
        c.add(new Case("file scheme", names, "scheme", s -> s.http(get("file:///etc/passwd"))));
        c.add(new Case("port not granted", names, "allowed_ports",
                s -> s.http(get("http://evil.test:" + q + "/"))));
        c.add(new Case("default port not granted", names, "allowed_ports", s -> s.http(get("http://evil.test/"))));
        c.add(new Case("CR/LF in a header value", names, "header", s -> s.http(new HttpCall("GET",
                "http://evil.test:" + p + "/", List.of(new Header("X-A", "b\r\nHost: evil")), null, 0, false, false))));
        c.add(new Case("CR/LF in a header name", names, "header", s -> s.http(new HttpCall("GET",
                "http://evil.test:" + p + "/", List.of(new Header("X-A\r\nX-B", "c")), null, 0, false, false))));
        c.add(new Case("NUL in a header value", names, "header", s -> s.http(new HttpCall("GET",
                "http://evil.test:" + p + "/", List.of(new Header("X-A", "b\0c")), null, 0, false, false))));
        c.add(new Case("Host header override", names, "header:host", s -> s.http(new HttpCall("GET",
                "http://evil.test:" + p + "/", List.of(new Header("Host", "allowed.test")), null, 0, false, false))));
        c.add(new Case("CR/LF in the method", names, "method", s -> s.http(new HttpCall("GET /x HTTP/1.1\r\n",
                "http://evil.test:" + p + "/", List.of(), null, 0, false, false))));
        c.add(new Case("CR/LF in the url", names, "url",
                s -> s.http(get("http://allowed.test:" + p + "/\r\nHost: x"))));
        // raw sockets
        c.add(new Case("tcp to loopback literal", names, "address:loopback", s -> s.tcpConnect("127.0.0.1", p, 0)));
        c.add(new Case("tcp to ::1 unbracketed", names, "address:loopback", s -> s.tcpConnect("::1", p, 0)));
        c.add(new Case("tcp to localhost", names, "address:loopback", s -> s.tcpConnect("localhost", p, 0)));
        c.add(new Case("tcp to decimal loopback", names, "address:loopback", s -> s.tcpConnect("2130706433", p, 0)));
        c.add(new Case("tcp port not granted", names, "allowed_ports", s -> s.tcpConnect("evil.test", q, 0)));
        c.add(new Case("udp to loopback", names, "address:loopback",
                s -> s.udpSend("127.0.0.1", p, new byte[] {1}, 0)));
        c.add(new Case("dns of an address", names, "allowed_domains", s -> s.dns("127.0.0.1", "A", 0)));
        c.add(new Case("dns of a name not granted", names, "allowed_domains", s -> s.dns("unknown.test", "A", 0)));
        // redirects from a granted target
        c.add(new Case("redirect to a port not granted", server127, "allowed_ports",
                s -> s.http(follow(server.url("/to?loc=http://127.0.0.1:" + q + "/")))));
        c.add(new Case("redirect to [::1]", server127, "address:loopback",
                s -> s.http(follow(server.url("/to?loc=http://[::1]:" + p + "/")))));
        c.add(new Case("redirect to metadata", server127, "address:metadata",
                s -> s.http(follow(server.url("/to?loc=http://169.254.169.254:" + p + "/")))));
        c.add(new Case("redirect to a name not granted", server127, "allowed_domains",
                s -> s.http(follow(server.url("/to?loc=http://localhost:" + p + "/")))));
        c.add(new Case("redirect to another scheme", server127, "scheme",
                s -> s.http(follow(server.url("/to?loc=file:///etc/passwd")))));
        c.add(new Case("redirect chain over the limit", server127, "redirects",
                s -> s.http(follow(server.url("/redirect?n=6")))));
        return c;
    }

    static HttpCall get(String url) {
        return new HttpCall("GET", url, List.of(), null, 0, false, false);
    }

    static HttpCall follow(String url) {
        return new HttpCall("GET", url, List.of(), null, 2000, false, true);
    }

    private static EgressException attempt(Case c) throws Exception {
        TestContext ctx = new TestContext(c.grant(), Resources.DEFAULTS, 10_000);
        try {
            EgressSession session = runtime.session(ctx);
            EgressException e = assertThrows(EgressException.class, () -> c.attempt().run(session), c.name());
            assertEquals(List.of(e.rule()), ctx.denials.stream().map(d -> d.split(" ")[0]).toList(),
                    "denial reported to the run: " + c.name());
            return e;
        } finally {
            ctx.endRun();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyAttemptIsDeniedWithItsRuleAndReachesNoSocket() {
        assertTrue(cases.size() >= 30, "matrix size " + cases.size());
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            int before = server.requests.get();
            long start = System.nanoTime();
            EgressException e = attempt(c);
            long ms = (System.nanoTime() - start) / 1_000_000;
            assertEquals(-2, e.abiCode(), c.name() + ": " + e.getMessage());
            assertEquals(c.rule(), e.rule(), c.name() + ": " + e.getMessage());
            assertEquals(0, granted.accepted(), "granted-port listener reached by " + c.name());
            assertEquals(0, notGranted.accepted(), "other listener reached by " + c.name());
            if (c.grant().allowedNetworks().contains("127.0.0.1/32")) {
                assertTrue(server.requests.get() > before, "the redirect came from the granted server");
            } else {
                assertTrue(ms < 50, c.name() + " took " + ms + " ms: denial must come before any connect");
            }
        }));
    }
}
