package dev.warden.capability.tcp.internal;

import dev.warden.common.abi.GuestArgs;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.egress.EgressException;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import dev.warden.testing.FakeCallContext;
import dev.warden.testing.FakeEgress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TcpCapabilityTest {

    private static final int ADDR = 0;
    private static final int BUF = 4096;

    private final FakeEgress egress = new FakeEgress();
    private final TcpCapability capability = new TcpCapability(egress);
    private final FakeCallContext ctx = new FakeCallContext(16 * 1024);
    private final Map<String, HostFunction> fns = capability.functions().stream()
            .collect(Collectors.toMap(HostFunction::name, Function.identity()));

    private int call(String name, long... args) {
        return (int) fns.get(name).handler().call(ctx, args)[0];
    }

    private int connect(String host, int port, int timeoutMs) {
        byte[] addr = host.getBytes(StandardCharsets.UTF_8);
        ctx.write(ADDR, addr);
        return call("tcp_connect", ADDR, addr.length, port, timeoutMs);
    }

    private int write(int handle, String text) {
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        ctx.write(BUF, data);
        return call("tcp_write", handle, BUF, data.length, 0);
    }

    @Test
    void declaresTheFourTcpImportsWithAbiSignatures() {
        assertEquals("tcp_connect", capability.name());
        List<ValType> four = List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32);
        assertEquals(List.of("tcp_connect", "tcp_read", "tcp_write", "tcp_close"),
                capability.functions().stream().map(HostFunction::name).toList());
        for (HostFunction fn : capability.functions()) {
            assertEquals("env", fn.module());
            assertEquals(fn.name().equals("tcp_close") ? List.of(ValType.I32) : four, fn.params(), fn.name());
            assertEquals(List.of(ValType.I32), fn.results(), fn.name());
        }
    }

    @Test
    void connectReturnsHandlesFromOneAndPassesHostPortAndTimeout() {
        assertEquals(1, connect("db.example.com", 5432, 250));
        assertEquals(2, connect(" 203.0.113.7\n", 25, 0));

        assertEquals(List.of(new FakeEgress.TcpRequest("db.example.com", 5432, 250),
                new FakeEgress.TcpRequest("203.0.113.7", 25, 1000)), egress.session.tcpConnects,
                "trimmed address; no timeout means the time left in the run");
    }

    @Test
    void timeoutNeverExceedsTheTimeLeftInTheRun() {
        connect("a.example", 80, 60_000);

        assertEquals(1000, egress.session.tcpConnects.get(0).timeoutMs());
    }

    @Test
    void readCopiesReceivedBytesAndReturnsZeroAtEndOfStream() {
        egress.session.tcpInbound = "220 ready\r\n".getBytes(StandardCharsets.US_ASCII);
        int h = connect("mail.example", 25, 0);

        assertEquals(4, call("tcp_read", h, BUF, 4, 100));
        assertArrayEquals("220 ".getBytes(StandardCharsets.US_ASCII), Arrays.copyOfRange(ctx.memory, BUF, BUF + 4));
        assertEquals(7, call("tcp_read", h, BUF, 100, 100));
        assertEquals("ready\r\n", new String(ctx.memory, BUF, 7, StandardCharsets.US_ASCII));
        assertEquals(0, call("tcp_read", h, BUF, 100, 100));
        assertEquals(List.of(100L, 100L, 100L), egress.session.connections.get(0).timeouts);
    }

    @Test
    void oneReadIsBoundedToSixtyFourKibibytes() {
        var big = new FakeCallContext(256 * 1024);
        egress.session.tcpInbound = new byte[100_000];
        big.write(0, "a.example".getBytes(StandardCharsets.US_ASCII));
        int h = capability.connect(big, 0, 9, 80, 0);

        assertEquals(TcpCapability.MAX_READ_BYTES, capability.read(big, h, 1024, 200_000, 0));
    }

    @Test
    void writeSendsTheBytesAndReturnsTheirCount() {
        int h = connect("a.example", 80, 0);

        assertEquals(18, write(h, "GET / HTTP/1.0\r\n\r\n"));
        assertEquals("GET / HTTP/1.0\r\n\r\n",
                egress.session.connections.get(0).written.toString(StandardCharsets.US_ASCII));
        assertEquals(0, call("tcp_write", h, BUF, 0, 0), "nothing to write");
    }

    @Test
    void closeClosesTheConnectionAndTheHandleIsBadAfterwards() {
        int h = connect("a.example", 80, 0);

        assertEquals(AbiCodes.OK, call("tcp_close", h));
        assertTrue(egress.session.connections.get(0).closed);
        assertEquals(AbiCodes.BAD_HANDLE, call("tcp_read", h, BUF, 10, 0));
        assertEquals(AbiCodes.BAD_HANDLE, write(h, "x"));
        assertEquals(AbiCodes.BAD_HANDLE, call("tcp_close", h));
    }

    @Test
    void handlesAreNotReusedAfterClose() {
        int first = connect("a.example", 80, 0);
        call("tcp_close", first);

        int second = connect("a.example", 80, 0);

        assertEquals(2, second);
        assertEquals(AbiCodes.BAD_HANDLE, call("tcp_read", first, BUF, 10, 0));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 3, Integer.MAX_VALUE})
    void unknownHandleIsBad(int handle) {
        connect("a.example", 80, 0); // handle 1 exists

        assertEquals(AbiCodes.BAD_HANDLE, call("tcp_read", handle, BUF, 10, 0));
        assertEquals(AbiCodes.BAD_HANDLE, call("tcp_write", handle, BUF, 1, 0));
        assertEquals(AbiCodes.BAD_HANDLE, call("tcp_close", handle));
    }

    @Test
    void runEndClosesEveryConnectionAndHandlesAreBadAfterwards() throws Exception {
        int a = connect("a.example", 80, 0);
        int b = connect("b.example", 443, 0);

        ctx.closeResources();

        assertTrue(egress.session.connections.get(0).closed);
        assertTrue(egress.session.connections.get(1).closed);
        assertEquals(AbiCodes.BAD_HANDLE, call("tcp_read", a, BUF, 10, 0));
        assertEquals(AbiCodes.BAD_HANDLE, write(b, "x"));
        assertEquals(AbiCodes.BAD_HANDLE, call("tcp_close", b));
    }

    @Test
    void connectionAddedToAClosedTableIsClosedAtOnce() throws EgressException {
        var table = new HandleTable();
        table.close();

        var connection = egress.session.tcpConnect("a.example", 80, 10);

        assertEquals(HandleTable.NONE, table.add(connection));
        assertTrue(egress.session.connections.get(0).closed);
    }

    @ParameterizedTest
    @ValueSource(ints = {AbiCodes.DENIED, AbiCodes.TOO_LARGE, AbiCodes.TIMEOUT, AbiCodes.INTERNAL})
    void refusedConnectReturnsTheEgressCodeAndNoHandle(int code) {
        egress.session.failure = new EgressException(code, "allowed_ports", "refused");

        assertEquals(code, connect("a.example", 8080, 0));
        assertEquals(1, connect("a.example", 80, 0), "the refused attempt used no handle");
    }

    @Test
    void egressCodeOutsideTheAbiBecomesInternal() {
        egress.session.failure = new EgressException(7, null, "buggy");

        assertEquals(AbiCodes.INTERNAL, connect("a.example", 80, 0));
    }

    @Test
    void readAndWriteFailuresReturnTheEgressCodeAndKeepTheHandle() {
        int h = connect("a.example", 80, 0);
        var connection = egress.session.connections.get(0);

        connection.failure = new EgressException(AbiCodes.TIMEOUT, null, "slow");
        assertEquals(AbiCodes.TIMEOUT, call("tcp_read", h, BUF, 10, 5));
        connection.failure = new EgressException(AbiCodes.INTERNAL, null, "reset");
        assertEquals(AbiCodes.INTERNAL, write(h, "x"));
        assertEquals(AbiCodes.OK, call("tcp_close", h));
    }

    @Test
    void invalidAddressesAreRefusedBeforeTheEgress() {
        assertEquals(AbiCodes.INVALID, call("tcp_connect", ADDR, 0, 80, 0), "empty");
        assertEquals(AbiCodes.INVALID, connect("   ", 80, 0), "blank");
        assertEquals(AbiCodes.INVALID, call("tcp_connect", 16 * 1024 - 2, 10, 80, 0), "outside memory");
        assertEquals(AbiCodes.INVALID, call("tcp_connect", -5, 10, 80, 0), "negative pointer");
        assertEquals(AbiCodes.INVALID, call("tcp_connect", ADDR, GuestArgs.MAX_ADDRESS_BYTES + 1, 80, 0), "too long");
        ctx.write(ADDR, new byte[] {'a', (byte) 0xc3, '.', 'x'});
        assertEquals(AbiCodes.INVALID, call("tcp_connect", ADDR, 4, 80, 0), "malformed UTF-8");
        assertEquals(List.of(), egress.session.tcpConnects);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65536, 1 << 20})
    void portOutsideOneTo65535IsInvalid(int port) {
        assertEquals(AbiCodes.INVALID, connect("a.example", port, 0));
        assertEquals(List.of(), egress.session.tcpConnects);
    }

    @Test
    void readIntoABufferOutsideMemoryConsumesNothing() {
        egress.session.tcpInbound = "data".getBytes(StandardCharsets.US_ASCII);
        int h = connect("a.example", 80, 0);

        assertEquals(AbiCodes.INVALID, call("tcp_read", h, 16 * 1024 - 2, 10, 0));
        assertEquals(AbiCodes.INVALID, call("tcp_read", h, BUF, 0, 0), "a zero cap would look like end of stream");
        assertEquals(List.of(), egress.session.connections.get(0).timeouts, "the connection was not read");
        assertEquals(4, call("tcp_read", h, BUF, 10, 0));
    }

    @Test
    void writeFromOutsideMemoryIsInvalid() {
        int h = connect("a.example", 80, 0);

        assertEquals(AbiCodes.INVALID, call("tcp_write", h, 16 * 1024 - 2, 10, 0));
        assertEquals(AbiCodes.INVALID, call("tcp_write", h, BUF, -1, 0));
        assertEquals(0, egress.session.connections.get(0).written.size());
    }
}
