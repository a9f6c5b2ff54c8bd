package dev.warden.capability.udp.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.api.egress.EgressException;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import dev.warden.testing.FakeCallContext;
import dev.warden.testing.FakeEgress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UdpSendCapabilityTest {

    private static final int ADDR = 0;
    private static final int BUF = 1024;

    private final FakeEgress egress = new FakeEgress();
    private final UdpSendCapability capability = new UdpSendCapability(egress);
    private final FakeCallContext ctx = new FakeCallContext(128 * 1024);

    private int send(String host, int port, byte[] payload, int timeoutMs) {
        byte[] addr = host.getBytes(StandardCharsets.UTF_8);
        ctx.write(ADDR, addr);
        ctx.write(BUF, payload);
        return call(ADDR, addr.length, port, BUF, payload.length, timeoutMs);
    }

    private int call(long... args) {
        return (int) capability.functions().get(0).handler().call(ctx, args)[0];
    }

    @Test
    void declaresUdpSendtoInEnvWithAbiSignature() {
        assertEquals("udp_sendto", capability.name());
        HostFunction fn = capability.functions().get(0);
        assertEquals("env", fn.module());
        assertEquals("udp_sendto", fn.name());
        assertEquals(Collections.nCopies(6, ValType.I32), fn.params());
        assertEquals(List.of(ValType.I32), fn.results());
    }

    @Test
    void sendsTheDatagramAndReturnsTheBytesSent() {
        byte[] payload = {1, 2, 3, 0, (byte) 0xff};

        assertEquals(5, send("ntp.example.org", 123, payload, 300));

        FakeEgress.UdpSend sent = egress.session.udpSends.get(0);
        assertEquals("ntp.example.org", sent.host());
        assertEquals(123, sent.port());
        assertArrayEquals(payload, sent.payload());
        assertEquals(300, sent.timeoutMs());
    }

    @Test
    void noTimeoutMeansTheTimeLeftAndNeverMore() {
        send("a.example", 53, new byte[1], 0);
        send("a.example", 53, new byte[1], 99_999);

        assertEquals(1000, egress.session.udpSends.get(0).timeoutMs());
        assertEquals(1000, egress.session.udpSends.get(1).timeoutMs());
    }

    @Test
    void emptyDatagramIsAllowed() {
        assertEquals(0, send("a.example", 9, new byte[0], 0));
        assertEquals(1, egress.session.udpSends.size());
    }

    @Test
    void payloadOverTheUdpMaximumIsTooLarge() {
        assertEquals(UdpSendCapability.MAX_DATAGRAM_BYTES,
                send("a.example", 9, new byte[UdpSendCapability.MAX_DATAGRAM_BYTES], 0));
        assertEquals(AbiCodes.TOO_LARGE, send("a.example", 9, new byte[UdpSendCapability.MAX_DATAGRAM_BYTES + 1], 0));
        assertEquals(1, egress.session.udpSends.size());
    }

    @ParameterizedTest
    @ValueSource(ints = {AbiCodes.DENIED, AbiCodes.TIMEOUT, AbiCodes.INTERNAL, AbiCodes.TOO_LARGE})
    void refusedSendReturnsTheEgressCode(int code) {
        egress.session.failure = new EgressException(code, "address:loopback", "refused");

        assertEquals(code, send("127.0.0.1", 9, new byte[] {1}, 0));
    }

    @Test
    void egressCodeOutsideTheAbiBecomesInternal() {
        egress.session.failure = new EgressException(-42, null, "buggy");

        assertEquals(AbiCodes.INTERNAL, send("a.example", 9, new byte[] {1}, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -53, 65536})
    void portOutsideOneTo65535IsInvalid(int port) {
        assertEquals(AbiCodes.INVALID, send("a.example", port, new byte[] {1}, 0));
        assertEquals(List.of(), egress.session.udpSends);
    }

    @Test
    void badAddressOrBufferIsInvalidAndSendsNothing() {
        ctx.write(ADDR, "a.example".getBytes(StandardCharsets.US_ASCII));

        assertEquals(AbiCodes.INVALID, call(ADDR, 0, 9, BUF, 1, 0), "empty address");
        assertEquals(AbiCodes.INVALID, call(128 * 1024 - 1, 9, 9, BUF, 1, 0), "address outside memory");
        assertEquals(AbiCodes.INVALID, call(ADDR, 9, 9, 128 * 1024 - 1, 10, 0), "payload outside memory");
        assertEquals(AbiCodes.INVALID, call(ADDR, 9, 9, BUF, -1, 0), "negative length");
        ctx.write(ADDR, new byte[] {(byte) 0xff, (byte) 0xfe});
        assertEquals(AbiCodes.INVALID, call(ADDR, 2, 9, BUF, 1, 0), "malformed UTF-8");
        assertEquals(List.of(), egress.session.udpSends);
    }
}
