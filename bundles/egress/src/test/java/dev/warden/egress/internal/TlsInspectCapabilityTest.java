package dev.warden.egress.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.Resources;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.TlsCertificate;
import dev.warden.api.egress.TlsPeer;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.KnownCapabilities;
import dev.warden.api.spi.ValType;
import dev.warden.testing.FakeCallContext;
import dev.warden.testing.FakeEgress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsInspectCapabilityTest {

    private static final int HOST = 0;
    private static final int OUT = 1024;
    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    private final FakeEgress egress = new FakeEgress();
    private final TlsInspectCapability capability = new TlsInspectCapability(egress,
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final FakeCallContext ctx = new FakeCallContext(16 * 1024);

    private int call(CallContext context, String host, int port, int outPtr, int outCap) {
        byte[] h = host.getBytes(StandardCharsets.UTF_8);
        context.write(HOST, h);
        return (int) capability.functions().get(0).handler().call(context, new long[] {HOST, h.length, port, outPtr,
            outCap})[0];
    }

    private static String text(byte[] memory, int ptr, int len) {
        return new String(memory, ptr, len, StandardCharsets.UTF_8);
    }

    private static TlsPeer scripted() {
        TlsCertificate leaf = new TlsCertificate("CN=api.example.com", "CN=Example CA,O=Example", "1a2b",
                "2025-12-01T00:00:00Z", "2026-01-31T12:00:00Z", List.of("DNS:api.example.com", "IP:203.0.113.7"),
                "ab".repeat(32));
        TlsCertificate ca = new TlsCertificate("CN=Example CA,O=Example", "CN=Example CA,O=Example", "1",
                "2020-01-01T00:00:00Z", "2025-12-31T23:00:00Z", List.of(), "cd".repeat(32));
        return new TlsPeer("TLSv1.3", "TLS_AES_128_GCM_SHA256", List.of(leaf, ca), false,
                "say \"no\"\nplease");
    }

    @Test
    void declaresTheOneImportOfItsKnownCapability() {
        assertEquals("tls_inspect", capability.name());
        assertEquals(KnownCapabilities.IMPORTS.get("tls_inspect"),
                capability.functions().stream().map(HostFunction::name).toList());
        HostFunction fn = capability.functions().get(0);
        assertEquals("env", fn.module());
        assertEquals(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32, ValType.I32), fn.params());
        assertEquals(List.of(ValType.I32), fn.results());
    }

    @Test
    void writesThePeerAsJsonWithDaysLeftAndReturnsItsLength() {
        egress.session.tls = r -> scripted();

        int n = call(ctx, " api.example.com\n", 8443, OUT, 4096);

        String expected = "{\"protocol\":\"TLSv1.3\",\"cipher_suite\":\"TLS_AES_128_GCM_SHA256\",\"verified\":false,"
                + "\"verification_error\":\"say \\\"no\\\"\\nplease\",\"chain\":["
                + "{\"subject\":\"CN=api.example.com\",\"issuer\":\"CN=Example CA,O=Example\",\"serial\":\"1a2b\","
                + "\"not_before\":\"2025-12-01T00:00:00Z\",\"not_after\":\"2026-01-31T12:00:00Z\",\"days_left\":30,"
                + "\"san\":[\"DNS:api.example.com\",\"IP:203.0.113.7\"],\"sha256\":\"" + "ab".repeat(32) + "\"},"
                + "{\"subject\":\"CN=Example CA,O=Example\",\"issuer\":\"CN=Example CA,O=Example\",\"serial\":\"1\","
                + "\"not_before\":\"2020-01-01T00:00:00Z\",\"not_after\":\"2025-12-31T23:00:00Z\",\"days_left\":-1,"
                + "\"san\":[],\"sha256\":\"" + "cd".repeat(32) + "\"}]}";
        assertEquals(expected, text(ctx.memory, OUT, n));
        assertEquals(expected.length(), n);
        assertEquals(List.of(new FakeEgress.TlsRequest("api.example.com", 8443, null, 0)), egress.session.tlsInspects,
                "trimmed host, no SNI override, the egress default time");
    }

    @Test
    void verifiedPeerHasNullError() {
        egress.session.tls = r -> new TlsPeer("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", List.of(), true,
                null);

        int n = call(ctx, "a.example", 443, OUT, 4096);

        assertEquals("{\"protocol\":\"TLSv1.2\",\"cipher_suite\":\"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256\","
                + "\"verified\":true,\"verification_error\":null,\"chain\":[]}", text(ctx.memory, OUT, n));
    }

    @Test
    void aBufferTooSmallAnswersTooLargeAndWritesNothing() {
        egress.session.tls = r -> scripted();
        Arrays.fill(ctx.memory, OUT, OUT + 200, (byte) 7);

        assertEquals(AbiCodes.TOO_LARGE, call(ctx, "api.example.com", 443, OUT, 100));

        for (int i = OUT; i < OUT + 200; i++) {
            assertEquals(7, ctx.memory[i], "byte " + i + " untouched");
        }
    }

    @Test
    void badArgumentsAnswerInvalidWithoutANetworkCall() {
        long[][] bad = {
            {HOST, 0, 443, OUT, 100}, // empty host
            {HOST, 2000, 443, OUT, 100}, // host too long
            {HOST, 5, 0, OUT, 100}, // port 0
            {HOST, 5, 65536, OUT, 100}, // port out of range
            {HOST, 5, 443, -1, 100}, // negative out pointer
            {HOST, 5, 443, OUT, 0}, // no room at all
            {HOST, 5, 443, 16 * 1024 - 10, 100}, // buffer past the end of memory
            {20_000, 5, 443, OUT, 100}, // host outside memory
        };
        ctx.write(HOST, "a.com".getBytes(StandardCharsets.UTF_8));
        for (long[] args : bad) {
            assertEquals(AbiCodes.INVALID, (int) capability.functions().get(0).handler().call(ctx, args)[0],
                    Arrays.toString(args));
        }
        ctx.write(HOST, new byte[] {(byte) 0xc3, 0x28, 'a', 'b', 'c'});
        assertEquals(AbiCodes.INVALID, (int) capability.functions().get(0).handler().call(ctx,
                new long[] {HOST, 5, 443, OUT, 100})[0], "invalid UTF-8");
        assertEquals(List.of(), egress.session.tlsInspects);
    }

    @Test
    void egressErrorsAnswerTheirAbiCodes() {
        egress.session.failure = new EgressException(AbiCodes.DENIED, "allowed_ports", "no");
        assertEquals(AbiCodes.DENIED, call(ctx, "a.example", 443, OUT, 4096));
        egress.session.failure = new EgressException(AbiCodes.TIMEOUT, null, "slow");
        assertEquals(AbiCodes.TIMEOUT, call(ctx, "a.example", 443, OUT, 4096));
        egress.session.failure = new EgressException(-42, null, "odd");
        assertEquals(AbiCodes.INTERNAL, call(ctx, "a.example", 443, OUT, 4096));
    }

    @Test
    void overTheRealEgressAnUngrantedLoopbackIsDenied() {
        try (EgressRuntime runtime = new EgressRuntime(EgressSettings.defaults())) {
            TlsInspectCapability real = new TlsInspectCapability(runtime::session);
            TestContext run = new TestContext(new Permissions(List.of(), List.of(), List.of(443), false),
                    Resources.DEFAULTS, 5000);
            byte[] h = "127.0.0.1".getBytes(StandardCharsets.UTF_8);
            run.write(HOST, h);

            assertEquals(AbiCodes.DENIED, real.inspect(run, HOST, h.length, 443, OUT, 4096));
            assertEquals(List.of("address:loopback 127.0.0.1:443"), run.denials);
        }
    }

    @Test
    void overTheRealEgressAGrantedServerIsInspected(@TempDir Path dir) throws Exception {
        Path store = TlsInspectTest.keyStore(dir.resolve("s.p12"), "CN=tls.test", "SAN=dns:tls.test", "-validity",
                "30");
        try (TestTlsServer server = new TestTlsServer(store, "changeit");
                EgressRuntime runtime = new EgressRuntime(EgressSettings.defaults()
                        .withStaticHosts("tls.test=127.0.0.1").withTrustStore(store.toString(), "changeit"))) {
            TlsInspectCapability real = new TlsInspectCapability(runtime::session);
            TestContext run = new TestContext(new Permissions(List.of("tls.test"), List.of("127.0.0.1/32"),
                    List.of(server.port()), false), Resources.DEFAULTS, 5000);
            try {
                byte[] h = "tls.test".getBytes(StandardCharsets.UTF_8);
                run.write(HOST, h);

                int n = real.inspect(run, HOST, h.length, server.port(), OUT, 8192);

                assertTrue(n > 0, "code " + n);
                String json = text(run.memory, OUT, n);
                assertTrue(json.contains("\"verified\":true,\"verification_error\":null"), json);
                assertTrue(json.contains("\"subject\":\"CN=tls.test\""), json);
                assertTrue(json.contains("\"days_left\":29,") || json.contains("\"days_left\":30,"), json);
                assertTrue(json.contains("\"san\":[\"DNS:tls.test\"]"), json);
            } finally {
                run.endRun();
            }
        }
    }
}
