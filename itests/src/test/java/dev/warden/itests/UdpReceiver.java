package dev.warden.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A UDP socket on 127.0.0.1 that keeps every datagram it receives, as text. */
final class UdpReceiver implements AutoCloseable {

    private final DatagramSocket socket;
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    UdpReceiver() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0));
        CountingListener.daemon("udp-receiver-" + port(), this::receiveLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    /** The next datagram received, waiting up to {@code ms}; null if none came. */
    String next(long ms) throws InterruptedException {
        return received.poll(ms, TimeUnit.MILLISECONDS);
    }

    private void receiveLoop() {
        byte[] buf = new byte[65536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                socket.receive(p);
                received.add(new String(p.getData(), p.getOffset(), p.getLength(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // closed
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
