package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.LogLine;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.Status;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What a plugin granted a loopback target can do through every network capability: real servers
 * on 127.0.0.1 (Jetty for HTTP, a TCP echo server, a UDP receiver, a fake DNS server that the
 * egress is configured to ask), the probe plugins and the C example {@code examples/http-check}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EgressGrantedIT extends EgressTestSupport {

    private static final String LOOPBACK = "127.0.0.1/32";
    /** The ports examples/http-check/plugin.yaml requests: the web target takes the first free one. */
    private static final int[] EXAMPLE_PORTS = {18080, 18081, 18082, 18083, 8080, 8443};
    private static final String NAMED_HOST = "web.itest";
    private static final String DNS_NAME = "svc.itest";
    /** What only the fake DNS server says about DNS_NAME (static_hosts does not know it). */
    private static final String DNS_ADDRESS = "127.0.0.77";

    private static WebTarget web;
    private static TcpEchoServer echo;
    private static UdpReceiver udp;
    private static FakeDnsServer dns;

    @Override
    @Configuration
    public Option[] config() {
        Path examples = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("../examples").normalize();
        return OptionUtils.combine(super.config(), systemProperty("warden.itest.examples").value(examples.toString()));
    }

    /** The targets and the plugins, once per framework (the test methods share it). */
    @Before
    public void targetsAndPlugins() throws Exception {
        synchronized (EgressGrantedIT.class) {
            if (web == null) {
                web = WebTarget.start(EXAMPLE_PORTS);
                echo = TcpEchoServer.echo();
                udp = new UdpReceiver();
                dns = new FakeDnsServer(Map.of(DNS_NAME, List.of(InetAddress.getByName(DNS_ADDRESS),
                        InetAddress.getByName("::1"))));
            }
        }
        configureEgress(List.of(NAMED_HOST + "=127.0.0.1"), List.of("127.0.0.1:" + dns.port()));
        ensureInstalled(registry, plugin("net-http").capabilities("get_config", "log", "submit_result", "http_request")
                .memoryMb(8).networks(LOOPBACK).permissions(List.of(NAMED_HOST), ports(web.port())));
        ensureInstalled(registry, plugin("net-tcp").capabilities("get_config", "log", "submit_result", "tcp_connect")
                .networks(LOOPBACK).permissions(List.of(), ports(echo.port())));
        ensureInstalled(registry, plugin("net-udp").capabilities("get_config", "log", "submit_result", "udp_sendto")
                .networks(LOOPBACK).permissions(List.of(), ports(udp.port())));
        ensureInstalled(registry, plugin("net-dns").capabilities("get_config", "log", "submit_result", "dns_lookup")
                .networks("127.0.0.0/8", "::1/128").permissions(List.of(DNS_NAME), ports(53)));
    }

    private static Permissions webGrant() {
        return grant(List.of(NAMED_HOST), List.of(LOOPBACK), ports(web.port()));
    }

    @Test
    public void httpRequestReachesTheGrantedLoopbackServerInBothResponseModes() throws Exception {
        int before = web.requests();
        CheckResult statusBody = run("net-http", webGrant(),
                httpParams(Map.of("method", "GET", "url", web.url("/hello"), "response_mode", "status_body")));
        assertMetric(statusBody, "status", 200);
        assertMetric(statusBody, "body_bytes", 5);
        assertMetric(statusBody, "rc", "200\nhello".length());

        CheckResult envelope = run("net-http", webGrant(), httpParams(Map.of("url", web.url("/hello"))));
        assertMetric(envelope, "status", 200);
        assertMetric(envelope, "body_bytes", 5);

        assertEquals("both calls reached the server", before + 2, web.requests());
        for (CheckResult r : List.of(statusBody, envelope)) {
            assertEquals(r.toString(), 0, r.stats().egressDenied());
            assertTrue("egress bytes are counted: " + r.stats(), r.stats().egressBytes() > 0);
        }
    }

    @Test
    public void httpRequestToANameResolvesThroughStaticHostsAndConnectsToTheCheckedAddress() throws Exception {
        CheckResult result = run("net-http", webGrant(), httpParams(Map.of(
                "url", "http://" + NAMED_HOST + ":" + web.port() + "/status/201", "response_mode", "status_body")));
        assertMetric(result, "status", 201);
        assertMetric(result, "body_bytes", "status 201".length());
    }

    @Test
    public void redirectsWithinTheGrantAreFollowedUpToFiveHops() throws Exception {
        int before = web.requests();
        CheckResult result = run("net-http", webGrant(),
                httpParams(Map.of("url", web.url("/chain/5"), "response_mode", "status_body")));
        assertMetric(result, "status", 200);
        assertMetric(result, "body_bytes", "end of chain".length());
        assertEquals("five redirects and the final answer", before + 6, web.requests());
    }

    @Test
    public void postSendsTheBodyAndReportsTheStatus() throws Exception {
        CheckResult result = run("net-http", webGrant(), httpParams(Map.of("method", "POST",
                "url", web.url("/status/202"), "body", "payload", "headers", Map.of("Content-Type", "text/plain"),
                "response_mode", "status_body")));
        assertMetric(result, "status", 202);
    }

    @Test
    public void tcpConnectWriteReadCloseTalksToTheEchoServer() throws Exception {
        int closedBefore = echo.closedByClient();
        CheckResult result = run("net-tcp", grant(List.of(), List.of(LOOPBACK), ports(echo.port())),
                json("host", "127.0.0.1", "port", echo.port(), "send", "ping"));
        assertTrue("a handle: " + result, Results.metric(result, "first_connect") >= 0);
        assertMetric(result, "opened", 1);
        assertMetric(result, "write", 4);
        assertMetric(result, "read", 4);
        assertMetric(result, "read_first", 'p');
        assertMetric(result, "close", 0);
        assertEquals(result.toString(), 0, result.stats().egressDenied());
        await("the echo server saw the connection closed", java.time.Duration.ofSeconds(5),
                () -> echo.closedByClient() > closedBefore);
    }

    @Test
    public void udpSendtoDeliversTheDatagram() throws Exception {
        String payload = "warden-datagram-" + System.nanoTime();
        CheckResult result = run("net-udp", grant(List.of(), List.of(LOOPBACK), ports(udp.port())),
                json("host", "127.0.0.1", "port", udp.port(), "payload", payload));
        assertMetric(result, "rc", payload.length());
        String received = null;
        for (int i = 0; i < 20 && !payload.equals(received); i++) {
            received = udp.next(500);
        }
        assertEquals(payload, received);
    }

    @Test
    public void dnsLookupIsAnsweredByTheConfiguredDnsServer() throws Exception {
        Permissions granted = grant(List.of(DNS_NAME), List.of("127.0.0.0/8", "::1/128"), ports(53));
        CheckResult a = run("net-dns", granted, json("name", DNS_NAME, "type", 1));
        assertTrue("dns_lookup answered a byte count: " + a, Results.metric(a, "rc") > 0);
        assertTrue("the answer is the fake server's: " + a.logs(), answer(a).contains(DNS_ADDRESS));
        assertTrue("the fake server was asked: " + dns.questions(), dns.questions().contains(DNS_NAME + "/1"));

        CheckResult aaaa = run("net-dns", granted, json("name", DNS_NAME, "type", 28));
        assertTrue("dns_lookup answered a byte count: " + aaaa, Results.metric(aaaa, "rc") > 0);
        assertTrue("the AAAA answer: " + aaaa.logs(),
                answer(aaaa).contains("::1") || answer(aaaa).contains("0:0:0:0:0:0:0:1"));
    }

    @Test
    public void httpCheckExampleRunsOkInBothResponseModes() throws Exception {
        installExample("http-check");
        Permissions granted = grant(List.of(), List.of(LOOPBACK), ports(web.port()));
        for (String mode : List.of("status_body", "json")) {
            CheckResult result = run("http-check", granted,
                    json("url", web.url("/hello"), "expect_status", 200, "response_mode", mode, "timeout_ms", 3000));
            System.out.println("EgressGrantedIT http-check " + mode + ": " + result.status() + " " + result.summary());
            assertEquals(mode + ": " + result, Status.OK, result.status());
            assertTrue(mode + ": " + result.summary(), result.summary().startsWith("http 200 in "));
            assertTrue(mode + ": latency in the summary: " + result.summary(), result.summary().endsWith("ms"));
            assertMetric(result, "status", 200);
            assertTrue(mode + ": response bytes", Results.metric(result, "response_bytes") > 0);
            assertEquals(mode, result.labels().get("response_mode"));
        }
    }

    @Test
    public void httpCheckExampleIsCriticalWhenTheStatusDiffers() throws Exception {
        installExample("http-check");
        Permissions granted = grant(List.of(), List.of(LOOPBACK), ports(web.port()));
        for (String mode : List.of("status_body", "json")) {
            CheckResult result = run("http-check", granted,
                    json("url", web.url("/status/503"), "expect_status", 200, "response_mode", mode));
            assertEquals(mode + ": " + result, Status.CRITICAL, result.status());
            assertTrue(mode + ": " + result.summary(), result.summary().contains("503"));
            assertMetric(result, "status", 503);
        }
    }

    @Test
    public void httpCheckExampleIsUnknownWithTheCodeNameWhenTheHostRefuses() throws Exception {
        installExample("http-check");
        // The same loopback target without the network grant: the address rule refuses it.
        CheckResult result = run("http-check", grant(List.of(), List.of(), ports(web.port())),
                json("url", web.url("/hello"), "response_mode", "status_body"));
        assertEquals(result.toString(), Status.UNKNOWN, result.status());
        assertTrue(result.summary(), result.summary().contains("DENIED"));
        assertEquals(1, result.stats().egressDenied());
    }

    /** The answer JSON the DNS probe logged. */
    private static String answer(CheckResult result) {
        return result.logs().stream().map(LogLine::message).filter(m -> m.startsWith("{")).findFirst().orElse("");
    }

    /** Installs {@code examples/<name>} (its committed plugin.yaml and plugin.wasm) as from the operator's disk. */
    private void installExample(String name) throws Exception {
        if (registry.find(name, null).isPresent()) {
            return;
        }
        String examples = System.getProperty("warden.itest.examples");
        assertNotNull("warden.itest.examples is set", examples);
        Path dir = Path.of(examples, name);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(zip)) {
            for (String entry : List.of("plugin.yaml", "plugin.wasm")) {
                out.putNextEntry(new ZipEntry(entry));
                out.write(Files.readAllBytes(dir.resolve(entry)));
                out.closeEntry();
            }
        }
        registry.install(new ByteArrayInputStream(zip.toByteArray()), "disk");
    }
}
