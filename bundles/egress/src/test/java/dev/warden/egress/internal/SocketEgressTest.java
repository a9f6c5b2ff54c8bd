package dev.warden.egress.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.Resources;
import dev.warden.api.egress.DnsAnswer;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.EgressSession;
import dev.warden.api.egress.TcpConnection;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SocketEgressTest {

    private static ServerSocket echo;
    private static final AtomicInteger eofs = new AtomicInteger();
    private static FakeDnsServer dns;
    private static EgressRuntime runtime;
    private TestContext ctx;

    @BeforeAll
    static void start() throws Exception {
        echo = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread h = new Thread(() -> {
                        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
                            byte[] b = new byte[1024];
                            int n;
                            while ((n = in.read(b)) > 0) {
                                out.write(b, 0, n);
                            }
                            eofs.incrementAndGet();
                        } catch (Exception e) {
                            eofs.incrementAndGet();
                        }
                    });
                    h.setDaemon(true);
                    h.start();
                } catch (Exception e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        dns = new FakeDnsServer(Map.of("svc.test", "192.0.2.10", "txt.test", "hello"),
                Map.of("txt.test", "v=spf1 -all"));
        runtime = new EgressRuntime(EgressSettings.defaults().withStaticHosts("echo.test=127.0.0.1")
                .withDnsServers("127.0.0.1:" + dns.port()));
    }

    @AfterAll
    static void stop() throws Exception {
        runtime.close();
        echo.close();
        dns.close();
    }

    @AfterEach
    void endRun() throws Exception {
        if (ctx != null) {
            ctx.endRun();
        }
    }

    private EgressSession session(List<Integer> ports, Resources limits) {
        ctx = new TestContext(new Permissions(List.of("echo.test", "*.test"), List.of("127.0.0.1/32"), ports, false),
                limits, 20_000);
        return runtime.session(ctx);
    }

    @Test
    void tcpEchoToAGrantedTarget() throws Exception {
        EgressSession s = session(List.of(echo.getLocalPort()), Resources.DEFAULTS);
        try (TcpConnection c = s.tcpConnect("echo.test", echo.getLocalPort(), 1000)) {
            assertEquals(4, c.write("ping".getBytes(), 1000));
            byte[] buf = new byte[16];
            int n = c.read(buf, 1000);
            assertEquals("ping", new String(buf, 0, n));
        }
        assertEquals(8, ctx.egressBytes.get());
    }

    @Test
    void tcpNeedsTheExplicitPortEvenForNames() {
        EgressSession s = session(List.of(), Resources.DEFAULTS);
        EgressException e = assertThrows(EgressException.class, () -> s.tcpConnect("127.0.0.1", 80, 100));
        assertEquals("allowed_ports", e.rule());
    }

    @Test
    void readTimesOutWithinTheRequestedTime() throws Exception {
        EgressSession s = session(List.of(echo.getLocalPort()), Resources.DEFAULTS);
        TcpConnection c = s.tcpConnect("127.0.0.1", echo.getLocalPort(), 1000);
        long start = System.currentTimeMillis();
        EgressException e = assertThrows(EgressException.class, () -> c.read(new byte[4], 300));
        long elapsed = System.currentTimeMillis() - start;
        assertEquals(-6, e.abiCode());
        assertTrue(elapsed >= 250 && elapsed < 800, "elapsed " + elapsed);
    }

    @Test
    void connectionCapRefusesTheExtraConnectAndFreesOnClose() throws Exception {
        EgressSession s = session(List.of(echo.getLocalPort()), new Resources(null, null, 2, null, null, null));
        TcpConnection a = s.tcpConnect("127.0.0.1", echo.getLocalPort(), 1000);
        s.tcpConnect("127.0.0.1", echo.getLocalPort(), 1000);
        EgressException e = assertThrows(EgressException.class,
                () -> s.tcpConnect("127.0.0.1", echo.getLocalPort(), 1000));
        assertEquals(-3, e.abiCode());
        assertEquals("max_open_connections", e.rule());
        a.close();
        s.tcpConnect("127.0.0.1", echo.getLocalPort(), 1000).close();
        EgressException closed = assertThrows(EgressException.class, () -> a.read(new byte[1], 100));
        assertEquals(-7, closed.abiCode());
    }

    @Test
    void endOfRunClosesSocketsAndHandlesFailAfterwards() throws Exception {
        EgressSession s = session(List.of(echo.getLocalPort()), Resources.DEFAULTS);
        TcpConnection c = s.tcpConnect("127.0.0.1", echo.getLocalPort(), 1000);
        int before = eofs.get();
        ctx.endRun();
        long deadline = System.currentTimeMillis() + 2000;
        while (eofs.get() == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(eofs.get() > before, "the server saw the connection end");
        assertEquals(-7, assertThrows(EgressException.class, () -> c.write(new byte[] {1}, 100)).abiCode());
        assertEquals(-7, assertThrows(EgressException.class,
                () -> s.tcpConnect("127.0.0.1", echo.getLocalPort(), 100)).abiCode());
    }

    @Test
    void udpDatagramReachesAGrantedTarget() throws Exception {
        try (DatagramSocket receiver = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            receiver.setSoTimeout(2000);
            EgressSession s = session(List.of(receiver.getLocalPort()), Resources.DEFAULTS);
            assertEquals(3, s.udpSend("127.0.0.1", receiver.getLocalPort(), new byte[] {1, 2, 3}, 500));
            DatagramPacket p = new DatagramPacket(new byte[16], 16);
            receiver.receive(p);
            assertArrayEquals(new byte[] {1, 2, 3}, java.util.Arrays.copyOf(p.getData(), p.getLength()));
            EgressException big = assertThrows(EgressException.class,
                    () -> s.udpSend("127.0.0.1", receiver.getLocalPort(), new byte[65508], 500));
            assertEquals(-3, big.abiCode());
        }
    }

    @Test
    void dnsAnswersFromTheConfiguredServer() throws Exception {
        EgressSession s = session(List.of(), Resources.DEFAULTS);
        DnsAnswer a = s.dns("svc.test", "A", 1000);
        assertEquals(List.of("192.0.2.10"), a.records());
        assertEquals(60, a.ttlSeconds());
        assertEquals(List.of("v=spf1 -all"), s.dns("TXT.test.", "txt", 1000).records());
        assertEquals(List.of("127.0.0.1"), s.dns("echo.test", "A", 1000).records(), "static_hosts answer A");
        assertEquals(-4, assertThrows(EgressException.class, () -> s.dns("missing.test", "A", 1000)).abiCode());
        assertEquals(-1, assertThrows(EgressException.class, () -> s.dns("svc.test", "ANY", 1000)).abiCode());
        EgressException denied = assertThrows(EgressException.class, () -> s.dns("example.com", "A", 1000));
        assertEquals("allowed_domains", denied.rule());
    }

    @Test
    void dnsTimesOutOnASilentServer() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
                EgressRuntime r = new EgressRuntime(EgressSettings.defaults()
                        .withDnsServers("127.0.0.1:" + silent.getLocalPort()))) {
            TestContext run = new TestContext(new Permissions(List.of("*"), List.of(), List.of(), false),
                    Resources.DEFAULTS, 10_000);
            try {
                long start = System.currentTimeMillis();
                EgressException e = assertThrows(EgressException.class, () -> r.session(run).dns("a.test", "A", 300));
                assertEquals(-6, e.abiCode(), e.getMessage());
                assertTrue(System.currentTimeMillis() - start < 1500);
            } finally {
                run.endRun();
            }
        }
    }
}
