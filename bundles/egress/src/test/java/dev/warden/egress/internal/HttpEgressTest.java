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
import dev.warden.api.egress.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpEgressTest {

    private static TestHttpServer server;
    private static EgressRuntime runtime;
    private TestContext ctx;

    @BeforeAll
    static void start() throws Exception {
        server = new TestHttpServer();
        runtime = new EgressRuntime(EgressSettings.defaults().withStaticHosts("api.test=127.0.0.1"));
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.close();
        server.close();
    }

    @AfterEach
    void endRun() throws Exception {
        if (ctx != null) {
            ctx.endRun();
        }
    }

    private EgressSession session(Resources limits, long budgetMs) {
        ctx = new TestContext(new Permissions(List.of("api.test"), List.of("127.0.0.1/32"), List.of(server.port()),
                false), limits, budgetMs);
        return runtime.session(ctx);
    }

    private EgressSession session() {
        return session(Resources.DEFAULTS, 20_000);
    }

    private static String text(HttpExchange x) {
        return new String(x.body(), StandardCharsets.UTF_8);
    }

    @Test
    void grantedLoopbackTargetAnswersGet() throws Exception {
        HttpExchange x = session().http(SsrfMatrixTest.get(server.url("/hello")));
        assertEquals(200, x.status());
        assertEquals("hello", text(x));
        assertEquals(0, x.redirects());
        assertTrue(ctx.egressBytes.get() >= 5, "bytes counted");
        assertTrue(ctx.denials.isEmpty());
    }

    @Test
    void postSendsBodyAndPluginHeadersButHostComesFromTheUrl() throws Exception {
        HttpExchange x = session().http(new HttpCall("POST", "http://api.test:" + server.port() + "/echo",
                List.of(new Header("Content-Type", "text/plain"), new Header("Content-Length", "999")),
                "ping".getBytes(StandardCharsets.UTF_8), 0, false, false));
        assertEquals(200, x.status());
        assertEquals("POST ping", text(x));
        assertEquals("api.test:" + server.port(), x.headers().stream()
                .filter(h -> h.name().equals("X-Host")).findFirst().orElseThrow().value());
    }

    @Test
    void redirectsAreFollowedUpToFiveEachRechecked() throws Exception {
        HttpExchange x = session().http(SsrfMatrixTest.follow(server.url("/redirect?n=5")));
        assertEquals(200, x.status());
        assertEquals("done", text(x));
        assertEquals(5, x.redirects());
        assertTrue(x.finalUrl().endsWith("/redirect?n=0"), x.finalUrl());
    }

    @Test
    void redirectsAreReturnedAsIsWhenNotFollowed() throws Exception {
        HttpExchange x = session().http(SsrfMatrixTest.get(server.url("/redirect?n=1")));
        assertEquals(302, x.status());
        assertEquals(0, x.redirects());
    }

    @Test
    void seeOtherTurnsPostIntoGetWithoutBody() throws Exception {
        HttpExchange x = session().http(new HttpCall("POST", server.url("/see-other"), List.of(),
                "secret".getBytes(StandardCharsets.UTF_8), 0, false, true));
        assertEquals(200, x.status());
        assertEquals("GET ", text(x));
    }

    @Test
    void credentialsDoNotFollowARedirectToAnotherOrigin() throws Exception {
        String other = "http://api.test:" + server.port() + "/echo";
        HttpExchange x = session().http(new HttpCall("GET", server.url("/to?loc=" + other),
                List.of(new Header("Authorization", "Bearer t")), null, 0, false, true));
        assertEquals(200, x.status());
        assertEquals("null", x.headers().stream().filter(h -> h.name().equals("X-Auth")).findFirst().orElseThrow()
                .value());
    }

    @Test
    void oversizedBodyIsTooLarge() {
        EgressSession s = session(new Resources(null, null, null, 1024L, null, null), 20_000);
        EgressException e = assertThrows(EgressException.class,
                () -> s.http(SsrfMatrixTest.get(server.url("/big?n=4096"))));
        assertEquals(-3, e.abiCode());
        assertEquals("max_http_response_bytes", e.rule());
    }

    @Test
    void bodyAtTheCapPasses() throws Exception {
        EgressSession s = session(new Resources(null, null, null, 1024L, null, null), 20_000);
        assertEquals(1024, s.http(SsrfMatrixTest.get(server.url("/big?n=1024"))).body().length);
    }

    @Test
    void tricklingServerTimesOutAtTheRequestedTimeout() {
        EgressSession s = session();
        long start = System.currentTimeMillis();
        EgressException e = assertThrows(EgressException.class,
                () -> s.http(new HttpCall("GET", server.url("/slow"), List.of(), null, 700, false, false)));
        long elapsed = System.currentTimeMillis() - start;
        assertEquals(-6, e.abiCode(), e.getMessage());
        assertTrue(elapsed >= 650 && elapsed < 1200, "elapsed " + elapsed);
    }

    @Test
    void runBudgetCapsTheRequestedTimeout() {
        EgressSession s = session(Resources.DEFAULTS, 600);
        long start = System.currentTimeMillis();
        EgressException e = assertThrows(EgressException.class,
                () -> s.http(new HttpCall("GET", server.url("/slow"), List.of(), null, 60_000, false, false)));
        long elapsed = System.currentTimeMillis() - start;
        assertEquals(-6, e.abiCode());
        assertTrue(elapsed < 1100, "elapsed " + elapsed);
    }

    @Test
    void spentBudgetFailsAtOnce() {
        EgressSession s = session(Resources.DEFAULTS, 0);
        EgressException e = assertThrows(EgressException.class, () -> s.http(SsrfMatrixTest.get(server.url("/hello"))));
        assertEquals(-6, e.abiCode());
    }

    @Test
    void sessionCloseMakesLaterCallsBadHandle() throws Exception {
        EgressSession s = session();
        assertEquals(200, s.http(SsrfMatrixTest.get(server.url("/hello"))).status());
        ctx.endRun();
        EgressException e = assertThrows(EgressException.class, () -> s.http(SsrfMatrixTest.get(server.url("/hello"))));
        assertEquals(-7, e.abiCode());
    }

    @Test
    void oneSessionPerRun() {
        EgressSession a = session();
        assertEquals(a, runtime.session(ctx));
    }

    static Path selfSignedKeyStore(Path dir) throws Exception {
        Path ks = dir.resolve("server.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=tls.test",
                "-ext", "SAN=dns:tls.test,ip:127.0.0.1", "-validity", "2", "-keystore", ks.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return ks;
    }

    @Test
    void selfSignedTlsFailsWithoutTheGrantEvenWhenThePluginAsksToSkip(@TempDir Path dir) throws Exception {
        try (TestHttpServer tls = new TestHttpServer(selfSignedKeyStore(dir), "changeit")) {
            String url = "https://127.0.0.1:" + tls.port() + "/hello";
            TestContext noGrant = new TestContext(new Permissions(List.of(), List.of("127.0.0.1/32"),
                    List.of(tls.port()), false), Resources.DEFAULTS, 10_000);
            try {
                EgressException e = assertThrows(EgressException.class, () -> runtime.session(noGrant)
                        .http(new HttpCall("GET", url, List.of(), null, 3000, true, false)));
                assertEquals(-5, e.abiCode(), e.getMessage());
                assertTrue(e.getMessage().startsWith("tls"), e.getMessage());
            } finally {
                noGrant.endRun();
            }
            TestContext granted = new TestContext(new Permissions(List.of(), List.of("127.0.0.1/32"),
                    List.of(tls.port()), true), Resources.DEFAULTS, 10_000);
            try {
                EgressSession s = runtime.session(granted);
                assertThrows(EgressException.class,
                        () -> s.http(new HttpCall("GET", url, List.of(), null, 3000, false, false)),
                        "the grant alone does not switch verification off");
                assertEquals("hello", text(s.http(new HttpCall("GET", url, List.of(), null, 3000, true, false))));
            } finally {
                granted.endRun();
            }
        }
    }

    @Test
    void operatorTrustStoreVerifiesNameAndChain(@TempDir Path dir) throws Exception {
        Path ks = selfSignedKeyStore(dir);
        try (TestHttpServer tls = new TestHttpServer(ks, "changeit");
                EgressRuntime trusting = new EgressRuntime(EgressSettings.defaults()
                        .withStaticHosts("tls.test=127.0.0.1", "other.test=127.0.0.1")
                        .withTrustStore(ks.toString(), "changeit"))) {
            TestContext run = new TestContext(new Permissions(List.of("tls.test", "other.test"),
                    List.of("127.0.0.1/32"), List.of(tls.port()), false), Resources.DEFAULTS, 10_000);
            try {
                EgressSession s = trusting.session(run);
                assertEquals("hello", text(s.http(new HttpCall("GET", "https://tls.test:" + tls.port() + "/hello",
                        List.of(), null, 3000, false, false))));
                EgressException e = assertThrows(EgressException.class, () -> s.http(new HttpCall("GET",
                        "https://other.test:" + tls.port() + "/hello", List.of(), null, 3000, false, false)));
                assertEquals(-5, e.abiCode(), "a certificate for another name is refused");
            } finally {
                run.endRun();
            }
        }
    }
}
