package dev.warden.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tripwire of the SSRF tests: a TCP listener and a UDP socket on the wildcard address (every
 * local IPv4 and IPv6 address, so {@code 0.0.0.0}, {@code 127.x}, {@code ::1} and mapped forms all
 * reach it) at one port, counting every connection and datagram that arrives.
 */
final class CountingListener implements AutoCloseable {

    private final ServerSocket tcp;
    private final DatagramSocket udp;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger datagrams = new AtomicInteger();

    private CountingListener(ServerSocket tcp, DatagramSocket udp) {
        this.tcp = tcp;
        this.udp = udp;
        daemon("counting-tcp-" + port(), this::acceptLoop);
        daemon("counting-udp-" + port(), this::receiveLoop);
    }

    /** Binds TCP and UDP at one free wildcard port. */
    static CountingListener start() throws IOException {
        IOException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            ServerSocket tcp = new ServerSocket();
            tcp.bind(new InetSocketAddress(0), 50);
            try {
                return new CountingListener(tcp, new DatagramSocket(new InetSocketAddress(tcp.getLocalPort())));
            } catch (IOException e) {
                last = e;
                tcp.close();
            }
        }
        throw last;
    }

    int port() {
        return tcp.getLocalPort();
    }

    /** Connections and datagrams that reached the port. */
    int hits() {
        return accepted.get() + datagrams.get();
    }

    private void acceptLoop() {
        while (!tcp.isClosed()) {
            try (Socket s = tcp.accept()) {
                accepted.incrementAndGet();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void receiveLoop() {
        byte[] buf = new byte[2048];
        while (!udp.isClosed()) {
            try {
                udp.receive(new DatagramPacket(buf, buf.length));
                datagrams.incrementAndGet();
            } catch (IOException e) {
                // closed
            }
        }
    }

    static void daemon(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        udp.close();
    }
}
