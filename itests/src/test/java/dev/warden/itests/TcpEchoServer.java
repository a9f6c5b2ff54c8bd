package dev.warden.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP server on 127.0.0.1 that echoes what it reads, or (mute) reads and never answers. It
 * counts connections accepted and connections the client closed (EOF seen), so a test can tell
 * that a run's connections were closed when the run ended.
 */
final class TcpEchoServer implements AutoCloseable {

    private final ServerSocket server;
    private final boolean mute;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByClient = new AtomicInteger();

    private TcpEchoServer(boolean mute) throws IOException {
        this.mute = mute;
        this.server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        CountingListener.daemon("echo-" + port(), this::acceptLoop);
    }

    static TcpEchoServer echo() throws IOException {
        return new TcpEchoServer(false);
    }

    static TcpEchoServer mute() throws IOException {
        return new TcpEchoServer(true);
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    int closedByClient() {
        return closedByClient.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                CountingListener.daemon("echo-conn-" + port(), () -> serve(s));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (!mute) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            }
            closedByClient.incrementAndGet();
        } catch (IOException e) {
            closedByClient.incrementAndGet();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
