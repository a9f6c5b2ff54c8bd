package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Permissions;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The SSRF matrix of issue 4: every attempt must answer -2 (denied), be counted in the run's
 * {@code stats.egress_denied}, be named in the run's log with the rule that refused it, and reach
 * no socket. Tripwires: a listener on the wildcard address at a port the grant allows (so only
 * the address rule stands between the plugin and it), another at a port never granted, and the
 * Jetty target, which must see exactly the hops that were allowed.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SsrfMatrixIT extends EgressTestSupport {

    private static final String LOOPBACK = "127.0.0.1/32";

    private static CountingListener granted;
    private static CountingListener ungranted;
    private static WebTarget web;
    private static FakeDnsServer dns;

    /** One attempt: which probe, under which grant, with which params; the rule its denial must name. */
    private record Attempt(String label, String plugin, Permissions grant, String params, String rule,
            int webHops) {
    }

    @Before
    public void tripwiresAndPlugins() throws Exception {
        synchronized (SsrfMatrixIT.class) {
            if (granted == null) {
                granted = CountingListener.start();
                ungranted = CountingListener.start();
                web = WebTarget.start();
                dns = new FakeDnsServer(Map.of("loop.itest", List.of(InetAddress.getByName("127.0.0.1"))));
            }
        }
        configureEgress(List.of("loop.itest=127.0.0.1", "loop6.itest=::1", "mixed.itest=127.0.0.1,::1"),
                List.of("127.0.0.1:" + dns.port()));
        List<String> domains = List.of("loop.itest", "loop6.itest", "mixed.itest", "localhost");
        List<Integer> manifestPorts = ports(granted.port(), ungranted.port(), web.port());
        ensureInstalled(registry, plugin("net-http").capabilities("get_config", "log", "submit_result", "http_request")
                .memoryMb(8).networks(LOOPBACK).permissions(domains, manifestPorts));
        ensureInstalled(registry, plugin("net-tcp").capabilities("get_config", "log", "submit_result", "tcp_connect")
                .networks(LOOPBACK).permissions(domains, manifestPorts));
        ensureInstalled(registry, plugin("net-udp").capabilities("get_config", "log", "submit_result", "udp_sendto")
                .networks(LOOPBACK).permissions(domains, manifestPorts));
        ensureInstalled(registry, plugin("net-dns").capabilities("get_config", "log", "submit_result", "dns_lookup")
                .permissions(domains, List.of(53)));
    }

    /** Names and the tripwire port, but no network: every loopback spelling must fall to the address rule. */
    private static Permissions noNetwork() {
        return grant(List.of("loop.itest", "loop6.itest", "localhost"), List.of(), ports(granted.port()));
    }

    /** 127.0.0.1 itself and the web target's and tripwire's ports: what lies beyond must still be refused. */
    private static Permissions loopbackOnly() {
        return grant(List.of("loop.itest", "mixed.itest"), List.of(LOOPBACK), ports(web.port(), granted.port()));
    }

    private static Attempt http(String label, Permissions grant, String url, String rule) {
        return new Attempt(label, "net-http", grant, httpParams(Map.of("url", url, "response_mode", "status_body")),
                rule, 0);
    }

    private static Attempt redirect(String label, String to, String rule) {
        String from = web.url("/redirect?to=" + URLEncoder.encode(to, StandardCharsets.UTF_8));
        return new Attempt(label, "net-http", loopbackOnly(), httpParams(Map.of("url", from,
                "response_mode", "status_body")), rule, 1);
    }

    private static Attempt tcp(String label, Permissions grant, String host, int port, String rule) {
        return new Attempt(label, "net-tcp", grant, json("host", host, "port", port, "read", 0), rule, 0);
    }

    private static Attempt udp(String label, Permissions grant, String host, int port, String rule) {
        return new Attempt(label, "net-udp", grant, json("host", host, "port", port, "payload", "x"), rule, 0);
    }

    private static List<Attempt> matrix() {
        int p = granted.port();
        int q = ungranted.port();
        String loopback = "address:loopback";
        String unspecified = "address:unspecified";
        Permissions none = noNetwork();
        Permissions lo = loopbackOnly();
        List<Attempt> m = new ArrayList<>();
        // loopback by name and by every spelling of 127.0.0.1, at a granted port, no network granted
        m.add(http("loopback by name", none, "http://localhost:" + p + "/", loopback));
        m.add(http("loopback literal", none, "http://127.0.0.1:" + p + "/", loopback));
        m.add(http("127.1", none, "http://127.1:" + p + "/", loopback));
        m.add(http("127.0.1", none, "http://127.0.1:" + p + "/", loopback));
        m.add(http("decimal 2130706433", none, "http://2130706433:" + p + "/", loopback));
        m.add(http("octal 0177.0.0.1", none, "http://0177.0.0.1:" + p + "/", loopback));
        m.add(http("octal 017700000001", none, "http://017700000001:" + p + "/", loopback));
        m.add(http("hex 0x7f.0.0.1", none, "http://0x7f.0.0.1:" + p + "/", loopback));
        m.add(http("hex 0x7f000001", none, "http://0x7f000001:" + p + "/", loopback));
        m.add(http("other loopback 127.0.0.2", none, "http://127.0.0.2:" + p + "/", loopback));
        m.add(http("0.0.0.0", none, "http://0.0.0.0:" + p + "/", unspecified));
        m.add(http("[::]", none, "http://[::]:" + p + "/", unspecified));
        m.add(http("[::1]", none, "http://[::1]:" + p + "/", loopback));
        m.add(http("[0:0:0:0:0:0:0:1]", none, "http://[0:0:0:0:0:0:0:1]:" + p + "/", loopback));
        m.add(http("[::ffff:127.0.0.1]", none, "http://[::ffff:127.0.0.1]:" + p + "/", loopback));
        m.add(http("[::ffff:7f00:1]", none, "http://[::ffff:7f00:1]:" + p + "/", loopback));
        m.add(http("trailing dot localhost.", none, "http://localhost.:" + p + "/", loopback));
        m.add(http("trailing dot loop.itest.", none, "http://loop.itest.:" + p + "/", loopback));
        m.add(http("name resolving to 127.0.0.1 (static_hosts)", none, "http://loop.itest:" + p + "/", loopback));
        m.add(http("name resolving to ::1 (static_hosts)", none, "http://loop6.itest:" + p + "/", loopback));
        m.add(http("userinfo allowed@127.0.0.1", none, "http://loop.itest@127.0.0.1:" + p + "/", "userinfo"));
        m.add(http("userinfo user:pw@[::1]", none, "http://user:pw@[::1]:" + p + "/", "userinfo"));
        m.add(tcp("tcp 127.0.0.1", none, "127.0.0.1", p, loopback));
        m.add(tcp("tcp localhost", none, "localhost", p, loopback));
        m.add(tcp("tcp 127.1", none, "127.1", p, loopback));
        m.add(tcp("tcp 0x7f000001", none, "0x7f000001", p, loopback));
        m.add(tcp("tcp ::1", none, "::1", p, loopback));
        m.add(tcp("tcp ::ffff:127.0.0.1", none, "::ffff:127.0.0.1", p, loopback));
        m.add(tcp("tcp 0.0.0.0", none, "0.0.0.0", p, unspecified));
        m.add(tcp("tcp loop.itest", none, "loop.itest", p, loopback));
        m.add(udp("udp 127.0.0.1", none, "127.0.0.1", p, loopback));
        m.add(udp("udp ::1", none, "::1", p, loopback));
        m.add(udp("udp 0.0.0.0", none, "0.0.0.0", p, unspecified));
        // 127.0.0.1/32 granted: ports, schemes, userinfo, redirects and headers beyond the grant
        m.add(http("port not granted", lo, "http://127.0.0.1:" + q + "/", "allowed_ports"));
        m.add(tcp("tcp port not granted", lo, "127.0.0.1", q, "allowed_ports"));
        m.add(udp("udp port not granted", lo, "127.0.0.1", q, "allowed_ports"));
        m.add(http("scheme ftp", lo, "ftp://127.0.0.1:" + web.port() + "/", "scheme"));
        m.add(http("scheme gopher", lo, "gopher://127.0.0.1:" + web.port() + "/_GET%20/hello", "scheme"));
        m.add(http("scheme file", lo, "file:///etc/passwd", "scheme"));
        m.add(http("userinfo on a granted target", lo, "http://user:pw@127.0.0.1:" + web.port() + "/hello",
                "userinfo"));
        m.add(http("mixed name: 127.0.0.1 and ::1", lo, "http://mixed.itest:" + p + "/", loopback));
        m.add(redirect("redirect to a port not granted", "http://127.0.0.1:" + q + "/", "allowed_ports"));
        m.add(redirect("redirect to [::1]", "http://[::1]:" + p + "/", loopback));
        m.add(redirect("redirect to 127.0.0.2", "http://127.0.0.2:" + p + "/", loopback));
        m.add(redirect("redirect to 0.0.0.0", "http://0.0.0.0:" + p + "/", unspecified));
        m.add(redirect("redirect to a name resolving to ::1", "http://mixed.itest:" + p + "/", loopback));
        m.add(redirect("redirect to scheme file", "file:///etc/passwd", "scheme"));
        m.add(new Attempt("redirect chain of 6 (limit 5)", "net-http", lo,
                httpParams(Map.of("url", web.url("/chain/6"), "response_mode", "status_body")), "redirect", 6));
        m.add(new Attempt("CR/LF in a header value", "net-http", lo, httpParams(Map.of("url", web.url("/hello"),
                "headers", Map.of("X-Probe", "a\r\nX-Injected: yes"), "response_mode", "status_body")), "header", 0));
        m.add(new Attempt("LF in a header value", "net-http", lo, httpParams(Map.of("url", web.url("/hello"),
                "headers", Map.of("X-Probe", "a\nX-Injected: yes"), "response_mode", "status_body")), "header", 0));
        m.add(new Attempt("CR/LF in a header name", "net-http", lo, httpParams(Map.of("url", web.url("/hello"),
                "headers", Map.of("X-Probe\r\nX-Injected", "yes"), "response_mode", "status_body")), "header", 0));
        m.add(new Attempt("dns_lookup of a name not granted", "net-dns", noNetwork(),
                json("name", "internal.corp.itest", "type", 1), "allowed_domains", 0));
        return m;
    }

    @Test
    public void everyAttemptIsDeniedCountedLoggedAndReachesNoSocket() throws Exception {
        List<Attempt> attempts = matrix();
        assertTrue("at least 25 attempts", attempts.size() >= 25);
        List<String> failures = new ArrayList<>();
        int grantedBefore = granted.hits();
        int ungrantedBefore = ungranted.hits();
        for (Attempt a : attempts) {
            int webBefore = web.requests();
            CheckResult result = run(a.plugin(), a.grant(), a.params());
            long rc = Results.metric(result, a.plugin().equals("net-tcp") ? "connect" : "rc");
            List<String> denials = denials(result);
            if (rc != -2) {
                failures.add(a.label() + ": rc " + rc + " (want -2); logs " + result.logs());
            }
            if (result.stats().egressDenied() != 1) {
                failures.add(a.label() + ": stats.egress_denied " + result.stats().egressDenied() + " (want 1)");
            }
            if (denials.stream().noneMatch(d -> d.startsWith("egress denied by ") && d.contains(a.rule()))) {
                failures.add(a.label() + ": no log line naming rule '" + a.rule() + "': " + denials);
            }
            int hops = web.requests() - webBefore;
            if (hops != a.webHops()) {
                failures.add(a.label() + ": the web target saw " + hops + " requests (want " + a.webHops() + ")");
            }
            int reached = granted.hits() - grantedBefore + ungranted.hits() - ungrantedBefore;
            if (reached > 0) {
                failures.add(a.label() + ": a tripwire was reached (" + reached + " hits so far)");
            }
            System.out.println("SsrfMatrixIT " + a.label() + ": rc " + rc + ", " + denials);
        }
        Thread.sleep(300); // a connect or datagram in flight would land by now
        assertEquals("tripwire at the granted port", grantedBefore, granted.hits());
        assertEquals("tripwire at the port never granted", ungrantedBefore, ungranted.hits());
        assertEquals("the fake DNS server was never asked", List.of(), dns.questions());
        assertEquals(attempts.size() + " attempts, failures:\n  " + String.join("\n  ", failures), List.of(), failures);
    }

    @Test
    public void theSameTripwireIsReachableOnceItsAddressIsGranted() throws Exception {
        // Control: the tripwire counts, so "no hit" in the matrix means something.
        int before = granted.hits();
        CheckResult result = run("net-tcp", loopbackOnly(), json("host", "127.0.0.1", "port", granted.port(), "read", 0));
        assertTrue("connected: " + result, Results.metric(result, "connect") >= 0);
        await("the tripwire counted the connection", java.time.Duration.ofSeconds(5), () -> granted.hits() > before);
    }

    @Test
    public void aChainOfFiveRedirectsIsWithinTheLimit() throws Exception {
        CheckResult result = run("net-http", loopbackOnly(),
                httpParams(Map.of("url", web.url("/chain/5"), "response_mode", "status_body")));
        assertMetric(result, "status", 200);
        assertEquals(0, result.stats().egressDenied());
    }
}
