package dev.warden.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Where {@code bin/warden} listens: loopback only by default, and HTTPS only with a keystore when the
 * operator asks for it (README "HTTPS"). Each test starts its own agent on a fresh home.
 */
class HttpBindingIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    // $, blank, backslash, '=' and ':' all survive the trip through conf/https.properties
    private static final String KEYSTORE_PASSWORD = "s3cret pa$$ w\\rd=:x";

    private Path home;
    private WardenProcess agent;

    @AfterEach
    void stop() throws Exception {
        if (agent != null) {
            agent.killHard();
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void byDefaultTheAgentListensOnLoopbackOnly() throws Exception {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to try");
        home = Files.createTempDirectory("warden-bind-home");
        int port = WardenProcess.freePort();
        // no WARDEN_HTTP_HOST: bin/warden's own default applies
        agent = WardenProcess.start(home, port, Files.createTempFile("warden-bind", ".log"), Map.of("WARDEN_HTTP_HOST", ""));
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        awaitHealth(plain, URI.create("http://127.0.0.1:" + port + "/api/v1/health"));

        assertRefused(new InetSocketAddress(external.get(), port));
        assertEquals(200, plain.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/health")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void httpsOnlyWithAKeystoreServesTlsAndClosesThePlainPort() throws Exception {
        home = Files.createTempDirectory("warden-https-home");
        Path keystore = home.resolve("warden.p12");
        keytool("-genkeypair", "-alias", "warden", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD);
        Path passwordFile = home.resolve("keystore-password");
        Files.writeString(passwordFile, KEYSTORE_PASSWORD + "\n", StandardCharsets.UTF_8);

        int httpPort = WardenProcess.freePort();
        int httpsPort = WardenProcess.freePort();
        Path log = Files.createTempFile("warden-https", ".log");
        agent = WardenProcess.start(home, httpPort, log, Map.of(
                "WARDEN_HTTPS_PORT", Integer.toString(httpsPort),
                "WARDEN_HTTPS_KEYSTORE", keystore.toString(),
                "WARDEN_HTTPS_KEYSTORE_PASSWORD_FILE", passwordFile.toString(),
                "WARDEN_HTTP_DISABLE", "1"));

        HttpClient tls = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).sslContext(trusting(keystore)).build();
        HttpResponse<String> health = awaitHealth(tls, URI.create("https://127.0.0.1:" + httpsPort + "/api/v1/health"));
        assertEquals(200, health.statusCode(), health.body());
        assertTrue(health.body().contains("\"status\""), health.body());

        assertRefused(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort));

        Path written = home.resolve("conf/https.properties");
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(written));
        assertFalse(agent.commandLine().contains("pa$$"), "the keystore password is not on the command line: " + agent.commandLine());
        assertFalse(Files.readString(log, StandardCharsets.UTF_8).contains("pa$$"), "nor in the agent's output");

        // the API behind TLS still wants its token
        HttpResponse<String> plugins = tls.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort + "/api/v1/plugins")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, plugins.statusCode());
    }

    private static HttpResponse<String> awaitHealth(HttpClient client, URI uri) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return r;
                }
            } catch (IOException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        return fail("no 200 from " + uri + " within " + START_TIMEOUT + " (last error: " + last + ")");
    }

    private static void assertRefused(InetSocketAddress address) {
        assertThrows(ConnectException.class, () -> {
            try (Socket socket = new Socket()) {
                socket.connect(address, 2000);
            }
        }, "nothing may listen on " + address);
    }

    /** An SSL context that trusts exactly the certificate in the agent's keystore. */
    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, KEYSTORE_PASSWORD.toCharArray());
        }
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        trust.setCertificateEntry("warden", store.getCertificate("warden"));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static void keytool(String... args) throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        Path keytool = java.resolveSibling("keytool");
        List<String> command = new java.util.ArrayList<>();
        command.add(Files.isExecutable(keytool) ? keytool.toString() : "keytool");
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "keytool did not finish");
        assertEquals(0, p.exitValue(), "keytool failed: " + out);
    }

    private static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress address : Collections.list(nif.getInetAddresses())) {
                if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                    return Optional.of(address);
                }
            }
        }
        return Optional.empty();
    }
}
