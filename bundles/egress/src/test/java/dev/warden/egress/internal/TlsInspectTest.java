package dev.warden.egress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.Resources;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.EgressSession;
import dev.warden.api.egress.TlsCertificate;
import dev.warden.api.egress.TlsPeer;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TlsInspectTest {

    private static Path dir;
    private static Path validStore;
    private static TestTlsServer valid;
    private static TestTlsServer expired;
    private static EgressRuntime trusting;
    private static EgressRuntime jdkTrust;
    private final List<TestContext> runs = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("tls-inspect");
        validStore = keyStore(dir.resolve("valid.p12"), "CN=tls.test", "SAN=dns:tls.test,ip:127.0.0.1",
                "-validity", "30");
        Path expiredStore = keyStore(dir.resolve("expired.p12"), "CN=old.test", "SAN=dns:old.test",
                "-startdate", "-10d", "-validity", "3");
        valid = new TestTlsServer(validStore, "changeit");
        expired = new TestTlsServer(expiredStore, "changeit");
        trusting = new EgressRuntime(EgressSettings.defaults()
                .withStaticHosts("tls.test=127.0.0.1", "other.test=127.0.0.1", "old.test=127.0.0.1")
                .withTrustStore(validStore.toString(), "changeit"));
        jdkTrust = new EgressRuntime(EgressSettings.defaults().withStaticHosts("old.test=127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        trusting.close();
        jdkTrust.close();
        valid.close();
        expired.close();
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
    }

    @AfterEach
    void endRuns() throws Exception {
        for (TestContext run : runs) {
            run.endRun();
        }
    }

    /** A key pair and self-signed certificate made by the JDK's keytool, as an operator would. */
    static Path keyStore(Path file, String dname, String san, String... validity) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
                "-ext", san, "-keystore", file.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit"));
        cmd.addAll(List.of(validity));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return file;
    }

    private EgressSession session(EgressRuntime runtime, List<String> networks, List<Integer> ports,
            Resources limits) {
        TestContext run = new TestContext(new Permissions(List.of("*.test"), networks, ports, false), limits, 20_000);
        runs.add(run);
        return runtime.session(run);
    }

    private EgressSession session(EgressRuntime runtime, int port) {
        return session(runtime, List.of("127.0.0.1/32"), List.of(port), Resources.DEFAULTS);
    }

    private static X509Certificate certificate(Path store) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        return (X509Certificate) ks.getCertificate("server");
    }

    private static void awaitHandshakes(TestTlsServer server, int count) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 2000;
        while (server.handshakes.get() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    @Test
    void validCertificateTrustedByTheOperatorStoreIsVerifiedAndReported() throws Exception {
        EgressSession s = session(trusting, valid.port());
        int before = valid.handshakes.get();

        TlsPeer peer = s.tlsInspect("tls.test", valid.port(), null, 3000);

        assertTrue(peer.verified(), peer.verificationError());
        assertNull(peer.verificationError());
        assertTrue(peer.protocol().startsWith("TLSv1."), peer.protocol());
        assertFalse(peer.cipherSuite().isEmpty());
        assertEquals(1, peer.chain().size());
        TlsCertificate leaf = peer.chain().get(0);
        X509Certificate expected = certificate(validStore);
        assertEquals("CN=tls.test", leaf.subject());
        assertEquals("CN=tls.test", leaf.issuer());
        assertEquals(expected.getSerialNumber().toString(16), leaf.serialNumber());
        assertEquals(expected.getNotAfter().toInstant(), Instant.parse(leaf.notAfter()));
        assertEquals(expected.getNotBefore().toInstant(), Instant.parse(leaf.notBefore()));
        assertEquals(List.of("DNS:tls.test", "IP:127.0.0.1"), leaf.subjectAltNames());
        assertEquals(PeerCertificates.sha256(expected), leaf.sha256());
        assertTrue(leaf.sha256().matches("[0-9a-f]{64}"), leaf.sha256());

        awaitHandshakes(valid, before + 1);
        assertEquals("tls.test", valid.serverNames.get(valid.serverNames.size() - 1), "SNI is the host name");
        assertTrue(runs.get(0).egressBytes.get() > expected.getEncoded().length, "handshake bytes counted");
        assertEquals(0, ((RunEgress) s).openConnections(), "the connection is closed after the handshake");
    }

    @Test
    void sendsNoApplicationData() throws Exception {
        EgressSession s = session(trusting, valid.port());
        long before = valid.applicationBytes.get();
        int handshakes = valid.handshakes.get();
        s.tlsInspect("tls.test", valid.port(), null, 3000);
        s.tlsInspect("127.0.0.1", valid.port(), null, 3000);
        awaitHandshakes(valid, handshakes + 2);
        Thread.sleep(50);
        assertEquals(before, valid.applicationBytes.get());
    }

    @Test
    void aNameTheCertificateDoesNotCoverCompletesTheHandshakeUnverified() throws Exception {
        TlsPeer peer = session(trusting, valid.port()).tlsInspect("other.test", valid.port(), null, 3000);

        assertFalse(peer.verified());
        assertTrue(peer.verificationError().contains("other.test"), peer.verificationError());
        assertEquals("CN=tls.test", peer.chain().get(0).subject(), "the chain is reported all the same");
    }

    @Test
    void serverNameIsSentAsSniAndVerifiedInsteadOfTheAddress() throws Exception {
        EgressSession s = session(trusting, valid.port());
        int before = valid.handshakes.get();

        TlsPeer peer = s.tlsInspect("127.0.0.1", valid.port(), "tls.test", 3000);

        assertTrue(peer.verified(), peer.verificationError());
        awaitHandshakes(valid, before + 1);
        assertEquals("tls.test", valid.serverNames.get(valid.serverNames.size() - 1));
        TlsPeer wrong = s.tlsInspect("127.0.0.1", valid.port(), "other.test", 3000);
        assertFalse(wrong.verified(), "the server name is what the certificate must match");
    }

    @Test
    void anIpLiteralIsVerifiedAgainstIpAlternativeNamesWithoutSni() throws Exception {
        EgressSession s = session(trusting, valid.port());
        int before = valid.handshakes.get();

        TlsPeer peer = s.tlsInspect("127.0.0.1", valid.port(), null, 3000);

        assertTrue(peer.verified(), peer.verificationError());
        awaitHandshakes(valid, before + 1);
        assertEquals("", valid.serverNames.get(valid.serverNames.size() - 1), "no SNI for an address");
    }

    @Test
    void untrustedSelfSignedCertificateIsReportedUnverifiedWithTheJdkTrust() throws Exception {
        TlsPeer peer = session(jdkTrust, valid.port()).tlsInspect("127.0.0.1", valid.port(), null, 3000);

        assertFalse(peer.verified());
        assertEquals("PKIX path building failed: unable to find valid certification path to requested target",
                peer.verificationError(), "the message without the exception class names JSSE puts in it");
        assertEquals(1, peer.chain().size());
    }

    @Test
    void expiredCertificateIsStillInspected() throws Exception {
        TlsPeer peer = session(jdkTrust, expired.port()).tlsInspect("old.test", expired.port(), null, 3000);

        assertFalse(peer.verified());
        TlsCertificate leaf = peer.chain().get(0);
        assertEquals("CN=old.test", leaf.subject());
        Instant notAfter = Instant.parse(leaf.notAfter());
        assertTrue(notAfter.isBefore(Instant.now().minus(Duration.ofDays(6))), leaf.notAfter());
        assertEquals(List.of("DNS:old.test"), leaf.subjectAltNames());
    }

    @Test
    void expiredCertificateFailsVerificationEvenWhenTheOperatorTrustsIt() throws Exception {
        Path store = keyStore(dir.resolve("expired-leaf.p12"), "CN=tls.test", "SAN=dns:tls.test",
                "-startdate", "-10d", "-validity", "3");
        try (TestTlsServer server = new TestTlsServer(store, "changeit");
                EgressRuntime r = new EgressRuntime(EgressSettings.defaults()
                        .withStaticHosts("tls.test=127.0.0.1").withTrustStore(store.toString(), "changeit"))) {
            TlsPeer peer = session(r, server.port()).tlsInspect("tls.test", server.port(), null, 3000);

            assertTrue(Instant.parse(peer.chain().get(0).notAfter()).isBefore(Instant.now()));
            assertFalse(peer.verified(), "an expired certificate never verifies");
            assertTrue(peer.verificationError().startsWith("certificate expired at "), peer.verificationError());
        }
    }

    @Test
    void portNotGrantedIsDeniedBeforeAnyConnection() {
        int before = valid.accepted.get();
        EgressSession s = session(trusting, List.of("127.0.0.1/32"), List.of(443), Resources.DEFAULTS);

        EgressException e = assertThrows(EgressException.class,
                () -> s.tlsInspect("tls.test", valid.port(), null, 1000));

        assertEquals(-2, e.abiCode());
        assertEquals("allowed_ports", e.rule());
        assertEquals(List.of("allowed_ports tls.test:" + valid.port()), runs.get(0).denials);
        assertEquals(before, valid.accepted.get());
    }

    @Test
    void emptyPortListAllowsNothing() {
        EgressSession s = session(trusting, List.of("127.0.0.1/32"), List.of(), Resources.DEFAULTS);

        EgressException e = assertThrows(EgressException.class, () -> s.tlsInspect("tls.test", 443, null, 1000));

        assertEquals("allowed_ports", e.rule());
    }

    @Test
    void loopbackNotGrantedIsDeniedForNamesAndLiterals() {
        int before = valid.accepted.get();
        EgressSession s = session(trusting, List.of(), List.of(valid.port()), Resources.DEFAULTS);

        EgressException byName = assertThrows(EgressException.class,
                () -> s.tlsInspect("tls.test", valid.port(), null, 1000));
        EgressException byLiteral = assertThrows(EgressException.class,
                () -> s.tlsInspect("127.0.0.1", valid.port(), "tls.test", 1000));

        assertEquals(-2, byName.abiCode());
        assertEquals("address:loopback", byName.rule());
        assertEquals("address:loopback", byLiteral.rule());
        assertEquals(2, runs.get(0).denials.size());
        assertEquals(before, valid.accepted.get());
    }

    @Test
    void domainNotGrantedIsDenied() {
        EgressSession s = session(trusting, valid.port());

        EgressException e = assertThrows(EgressException.class,
                () -> s.tlsInspect("example.com", valid.port(), null, 1000));

        assertEquals("allowed_domains", e.rule());
    }

    @Test
    void malformedServerNameIsDenied() {
        EgressSession s = session(trusting, valid.port());

        EgressException e = assertThrows(EgressException.class,
                () -> s.tlsInspect("tls.test", valid.port(), "bad name\n", 1000));

        assertEquals(-2, e.abiCode());
        assertEquals("host", e.rule());
    }

    @Test
    void connectionCapApplies() {
        EgressSession s = session(trusting, List.of("127.0.0.1/32"), List.of(valid.port()),
                new Resources(null, null, 0, null, null, null));

        EgressException e = assertThrows(EgressException.class,
                () -> s.tlsInspect("tls.test", valid.port(), null, 1000));

        assertEquals(-3, e.abiCode());
        assertEquals("max_open_connections", e.rule());
    }

    @Test
    void aPeerThatNeverAnswersTimesOutWithinTheRequestedTime() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            List<Socket> held = new ArrayList<>();
            Thread t = new Thread(() -> {
                try {
                    held.add(silent.accept());
                } catch (Exception e) {
                    // closed
                }
            });
            t.setDaemon(true);
            t.start();
            EgressSession s = session(trusting, silent.getLocalPort());
            long start = System.currentTimeMillis();

            EgressException e = assertThrows(EgressException.class,
                    () -> s.tlsInspect("127.0.0.1", silent.getLocalPort(), null, 300));

            long elapsed = System.currentTimeMillis() - start;
            assertEquals(-6, e.abiCode(), e.getMessage());
            assertTrue(elapsed >= 250 && elapsed < 1500, "elapsed " + elapsed);
            assertEquals(0, ((RunEgress) s).openConnections());
            for (Socket h : held) {
                h.close();
            }
        }
    }

    @Test
    void aPeerThatIsNotTlsFailsAsInternal() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            Thread t = new Thread(() -> {
                try (Socket c = plain.accept()) {
                    c.getOutputStream().write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    c.getOutputStream().flush();
                    Thread.sleep(500);
                } catch (Exception e) {
                    // done
                }
            });
            t.setDaemon(true);
            t.start();
            EgressSession s = session(trusting, plain.getLocalPort());

            EgressException e = assertThrows(EgressException.class,
                    () -> s.tlsInspect("127.0.0.1", plain.getLocalPort(), null, 2000));

            assertEquals(-5, e.abiCode(), e.getMessage());
            assertTrue(e.getMessage().startsWith("tls handshake failed"), e.getMessage());
        }
    }

    @Test
    void aClosedSessionRefusesInspection() throws Exception {
        EgressSession s = session(trusting, valid.port());
        s.close();

        assertEquals(-7, assertThrows(EgressException.class,
                () -> s.tlsInspect("tls.test", valid.port(), null, 1000)).abiCode());
    }
}
