package dev.warden.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Map;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.Status;
import dev.warden.api.egress.Egress;
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
 * The SDKs and the example checkers as this build made them from source (itests/guest-build.sh
 * runs examples/build-all.sh into target/guest): each hello checker, one per language, and each
 * operator-ready example against real targets on 127.0.0.1, granted no more than its manifest
 * requests. One framework for the class.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SdkExamplesIT extends EgressTestSupport {

    private static final String LOOPBACK = "127.0.0.1/32";
    private static final String BANNER = "SSH-2.0-WardenItest_1.0";
    private static final String DNS_NAME = "svc.itest";
    private static final String DNS_V4 = "127.0.0.77";
    private static final char[] TRUST_PASSWORD = "itest-trust".toCharArray();

    /** The loopback targets, once per framework (the test methods share it). */
    private static WebTarget web;
    private static BannerServer banner;
    private static FakeDnsServer dns;
    private static TlsTarget tls;
    private static Map<String, Path> certificates;
    private static Path trustStore;

    @Override
    @Configuration
    public Option[] config() {
        String examples = System.getProperty("warden.itest.examples",
                Path.of(System.getProperty("basedir", ".")).resolve("../examples").toString());
        String guest = System.getProperty("warden.itest.guest", "target/guest");
        return OptionUtils.combine(super.config(),
                systemProperty("warden.itest.examples").value(Path.of(examples).toAbsolutePath().normalize().toString()),
                systemProperty("warden.itest.guest").value(Path.of(guest).toAbsolutePath().normalize().toString()));
    }

    /**
     * The targets, and the egress pointed at them: the fake DNS server as resolver and a trust
     * store holding the TLS target's certificates, so tls-expiry's chains verify unless a test
     * says otherwise.
     */
    @Before
    public void targets() throws Exception {
        synchronized (SdkExamplesIT.class) {
            if (web == null) {
                web = WebTarget.start(freeOf(manifestPorts("http-json"), 18080, 18081, 18082, 18083, 8080, 8081)
                        .stream().mapToInt(Integer::intValue).toArray());
                banner = BannerServer.start(BANNER + "\r\n", freeOf(manifestPorts("tcp-port"), 18080, 18081, 18082, 18083));
                dns = new FakeDnsServer(Map.of(DNS_NAME, List.of(InetAddress.getByName(DNS_V4), InetAddress.getByName("::1"))));
                Path dir = Files.createTempDirectory(wardenHomeDir().getParent(), "tls-");
                certificates = Map.of(
                        "far", TlsTarget.certificate(dir, "far", null, 90),
                        "soon", TlsTarget.certificate(dir, "soon", null, 20),
                        "imminent", TlsTarget.certificate(dir, "imminent", null, 3),
                        "expired", TlsTarget.certificate(dir, "expired", "-10d", 5));
                trustStore = trustStore(dir.resolve("trust.p12"), "far", "soon", "imminent");
                tls = TlsTarget.start(certificates.get("far"), freeOf(manifestPorts("tls-expiry"), 8443, 6443, 5671));
            }
        }
        configure(EGRESS_PID, Egress.class, Map.of(
                "static_hosts", new String[0],
                "dns_servers", new String[] {"127.0.0.1:" + dns.port()},
                "trust_store_path", trustStore.toString(),
                "trust_store_password", new String(TRUST_PASSWORD)));
    }

    // ---- one hello per language -----------------------------------------------------------------

    @Test
    public void helloInCBuiltWithTheSdkRunsOk() throws Exception {
        assertHello("hello-c");
    }

    @Test
    public void helloInRustBuiltWithTheSdkRunsOk() throws Exception {
        assertHello("hello-rust");
    }

    @Test
    public void helloInAssemblyScriptBuiltWithTheSdkRunsOk() throws Exception {
        assertHello("hello-as");
    }

    @Test
    public void helloInWatRunsOk() throws Exception {
        assertHello("hello-wat");
    }

    private void assertHello(String name) throws Exception {
        GuestExample example = installed(name);
        CheckResult result = run(example.id(), Permissions.NONE, json("target", "itest"));
        System.out.println("SdkExamplesIT " + name + ": " + result.status() + " " + result.summary());
        assertEquals(name + ": " + result, Status.OK, result.status());
        assertEquals(name + ": " + result, "hello from itest", result.summary());
        assertEquals(name + ": " + result, 0, result.stats().egressDenied());
    }

    // ---- http-json against Jetty on 127.0.0.1 ------------------------------------------------------

    private CheckResult httpJson(String path, Object... more) throws Exception {
        GuestExample example = installed("http-json");
        Object[] params = new Object[] {"url", web.url(path), "pointer", "/service/queue/depth", "warn", 10, "crit", 20};
        return runValidated(example, grant(List.of(), List.of(LOOPBACK), ports(web.port())), json(concat(params, more)));
    }

    @Test
    public void httpJsonIsOkWhenTheValueIsBelowWarn() throws Exception {
        CheckResult result = httpJson("/json/200/5");
        assertEquals(result.toString(), Status.OK, result.status());
        assertTrue(result.summary(), result.summary().startsWith("http 200 in "));
        assertTrue(result.summary(), result.summary().contains("/service/queue/depth = 5"));
        assertMetric(result, "status", 200);
        assertMetric(result, "value", 5);
        assertTrue("latency is measured: " + result, Results.metric(result, "latency_ms") >= 0);
        assertEquals(0, result.stats().egressDenied());
    }

    @Test
    public void httpJsonWarnsAboveWarnAndIsCriticalAboveCrit() throws Exception {
        CheckResult warning = httpJson("/json/200/15");
        assertEquals(warning.toString(), Status.WARNING, warning.status());
        assertTrue(warning.summary(), warning.summary().contains("/service/queue/depth = 15"));
        assertMetric(warning, "value", 15);

        CheckResult critical = httpJson("/json/200/25");
        assertEquals(critical.toString(), Status.CRITICAL, critical.status());
        assertTrue(critical.summary(), critical.summary().contains("/service/queue/depth = 25"));
    }

    @Test
    public void httpJsonIsCriticalOnAnotherStatus() throws Exception {
        CheckResult result = httpJson("/json/503/5", "expect_status", 200);
        assertEquals(result.toString(), Status.CRITICAL, result.status());
        assertTrue(result.summary(), result.summary().contains("503"));
        assertTrue(result.summary(), result.summary().contains("expected 200"));
        assertMetric(result, "status", 503);
    }

    // ---- tcp-port against a banner server on 127.0.0.1 ----------------------------------------------

    private CheckResult tcpPort(int port, Object... more) throws Exception {
        GuestExample example = installed("tcp-port");
        Object[] params = new Object[] {"host", "127.0.0.1", "port", port, "timeout_ms", 3000};
        return runValidated(example, grant(List.of(), List.of(LOOPBACK), ports(port)), json(concat(params, more)));
    }

    @Test
    public void tcpPortIsOkWhenTheBannerMatches() throws Exception {
        int before = banner.accepted();
        CheckResult result = tcpPort(banner.port(), "expect_banner", "SSH-2.0-");
        assertEquals(result.toString(), Status.OK, result.status());
        assertTrue(result.summary(), result.summary().startsWith("127.0.0.1:" + banner.port() + " connected in "));
        assertTrue(result.summary(), result.summary().contains(BANNER));
        assertEquals(BANNER, result.labels().get("banner"));
        assertTrue("connect time is measured: " + result, Results.metric(result, "connect_ms") >= 0);
        assertEquals("the check connected once", before + 1, banner.accepted());
    }

    @Test
    public void tcpPortIsCriticalWhenTheBannerDiffers() throws Exception {
        CheckResult result = tcpPort(banner.port(), "expect_banner", "220 smtp", "timeout_ms", 1000);
        assertEquals(result.toString(), Status.CRITICAL, result.status());
        assertTrue(result.summary(), result.summary().contains("does not contain \"220 smtp\""));
    }

    @Test
    public void tcpPortIsCriticalWhenThePortIsClosed() throws Exception {
        int closed = closedPortOf(manifestPorts("tcp-port"));
        CheckResult result = tcpPort(closed);
        assertEquals(result.toString(), Status.CRITICAL, result.status());
        assertTrue(result.summary(), result.summary().contains("refused or unreachable"));
        assertEquals("a refused connect is no egress denial", 0, result.stats().egressDenied());
    }

    // ---- dns-resolve against the fake DNS server -------------------------------------------------

    private CheckResult dnsResolve(Object... params) throws Exception {
        GuestExample example = installed("dns-resolve");
        return runValidated(example, grant(List.of("*.itest"), List.of(), List.of()), json(params));
    }

    @Test
    public void dnsResolveIsOkWhenTheExpectedRecordsAreAnswered() throws Exception {
        int before = dns.questions().size();
        CheckResult a = dnsResolve("name", DNS_NAME, "type", "A", "expect", List.of(DNS_V4), "match", "exact");
        assertEquals(a.toString(), Status.OK, a.status());
        assertTrue(a.summary(), a.summary().startsWith(DNS_NAME + " A: " + DNS_V4 + " in "));
        assertMetric(a, "answer_count", 1);
        assertTrue("the fake server was asked: " + dns.questions(),
                dns.questions().subList(before, dns.questions().size()).contains(DNS_NAME + "/1"));

        // the answer is compared as an address, however the resolver spells ::1
        CheckResult aaaa = dnsResolve("name", DNS_NAME, "type", "AAAA", "expect", List.of("::1"));
        assertEquals(aaaa.toString(), Status.OK, aaaa.status());
    }

    @Test
    public void dnsResolveIsCriticalWhenTheAnswerDiffers() throws Exception {
        CheckResult wrong = dnsResolve("name", DNS_NAME, "expect", List.of("127.0.0.99"));
        assertEquals(wrong.toString(), Status.CRITICAL, wrong.status());
        assertTrue(wrong.summary(), wrong.summary().contains("expected any of 1 record(s) (127.0.0.99)"));

        CheckResult missing = dnsResolve("name", "missing.itest", "expect", List.of(DNS_V4));
        assertEquals(missing.toString(), Status.CRITICAL, missing.status());
        assertTrue(missing.summary(), missing.summary().contains("missing.itest has no A records"));
    }

    // ---- tls-expiry against a TLS server with certificates made now ----------------------------------

    private CheckResult tlsExpiry(String certificate, Object... more) throws Exception {
        GuestExample example = installed("tls-expiry");
        synchronized (SdkExamplesIT.class) {
            tls.present(certificates.get(certificate));
            Object[] params = new Object[] {"host", "127.0.0.1", "port", tls.port(), "warn_days", 30, "crit_days", 7};
            return runValidated(example, grant(List.of(), List.of(LOOPBACK), ports(tls.port())), json(concat(params, more)));
        }
    }

    @Test
    public void tlsExpiryIsOkForACertificateFarFromExpiry() throws Exception {
        CheckResult result = tlsExpiry("far");
        assertEquals(result.toString(), Status.OK, result.status());
        assertMetric(result, "days_left", 89);
        assertTrue(result.summary(), result.summary().startsWith("127.0.0.1:" + tls.port() + " certificate expires in 89 days"));
        assertEquals("true", result.labels().get("verified"));
    }

    @Test
    public void tlsExpiryWarnsWithinWarnDaysAndIsCriticalWithinCritDays() throws Exception {
        CheckResult soon = tlsExpiry("soon");
        assertEquals(soon.toString(), Status.WARNING, soon.status());
        assertMetric(soon, "days_left", 19);

        CheckResult imminent = tlsExpiry("imminent");
        assertEquals(imminent.toString(), Status.CRITICAL, imminent.status());
        assertMetric(imminent, "days_left", 2);

        CheckResult expired = tlsExpiry("expired", "allow_unverified", true);
        assertEquals(expired.toString(), Status.CRITICAL, expired.status());
        assertTrue(expired.summary(), expired.summary().contains("certificate expired "));
        assertTrue("negative days: " + expired, Results.metric(expired, "days_left") < 0);
    }

    @Test
    public void tlsExpiryWarnsWhenTheChainDoesNotVerifyUnlessAllowed() throws Exception {
        // without the operator's trust store the JDK's decides, and it does not know the self-signed certificate
        configure(EGRESS_PID, Egress.class, Map.of("trust_store_path", ""));
        try {
            CheckResult unverified = tlsExpiry("far");
            assertEquals(unverified.toString(), Status.WARNING, unverified.status());
            assertEquals("false", unverified.labels().get("verified"));
            assertTrue(unverified.summary(), unverified.summary().contains("not verified"));

            CheckResult allowed = tlsExpiry("far", "allow_unverified", true);
            assertEquals(allowed.toString(), Status.OK, allowed.status());
        } finally {
            configure(EGRESS_PID, Egress.class, Map.of("trust_store_path", trustStore.toString()));
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /**
     * Runs the example once, after the registry has accepted the assignment as the REST API would:
     * the grant within the manifest's requests, the params valid against config.schema.json.
     */
    private CheckResult runValidated(GuestExample example, Permissions granted, String params) throws Exception {
        registry.validateAssignment(new Assignment("validate-" + example.name(), example.id(), null, 3_600_000L, null,
                params, new Grants(null, granted), Map.of(), false, null));
        CheckResult result = run(example.id(), granted, params);
        System.out.println("SdkExamplesIT " + example.name() + " " + params + ": " + result.status() + " " + result.summary());
        return result;
    }

    /** The ports a manifest requests, or none while the example does not exist (its test then fails on its own). */
    private static List<Integer> manifestPorts(String name) {
        try {
            return GuestExample.of(name).requestedPorts();
        } catch (AssertionError | IOException e) {
            return List.of();
        }
    }

    /** The unprivileged ones of the manifest's ports, preferring those given (so a port is reproducible). */
    private static List<Integer> freeOf(List<Integer> requested, int... preferred) {
        List<Integer> out = new java.util.ArrayList<>();
        for (int p : preferred) {
            if (requested.contains(p)) {
                out.add(p);
            }
        }
        requested.stream().filter(p -> p >= 1024 && !out.contains(p)).forEach(out::add);
        if (out.isEmpty()) {
            out.add(0); // no manifest yet: any port, the test fails on the missing example
        }
        return out;
    }

    /** A port the manifest requests on which nothing listens on 127.0.0.1. */
    private static int closedPortOf(List<Integer> requested) {
        for (int port : freeOf(requested)) {
            if (port == 0) {
                continue;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            } catch (IOException refused) {
                return port;
            }
        }
        throw new AssertionError("every port of the manifest listens on 127.0.0.1: " + requested);
    }

    private static Path trustStore(Path file, String... names) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (String name : names) {
            KeyStore source = KeyStore.getInstance(certificates.get(name).toFile(), "itest-pass".toCharArray());
            store.setCertificateEntry(name, source.getCertificate("site"));
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, TRUST_PASSWORD);
        }
        return file;
    }

    private static Object[] concat(Object[] first, Object[] second) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /** The example with its fresh plugin.wasm, installed as from the operator's disk (trusted by placement). */
    private GuestExample installed(String name) throws Exception {
        GuestExample example = GuestExample.of(name);
        if (registry.find(example.id(), null).isEmpty()) {
            registry.install(example.zip(), "disk");
        }
        return example;
    }
}
