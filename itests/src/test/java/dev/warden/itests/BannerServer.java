package dev.warden.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP service on 127.0.0.1 that greets every connection with a banner line (as SSH, SMTP or FTP
 * servers do), then waits for the client to close. It binds the first free port of those given,
 * so it can sit on a port that a plugin's manifest requests.
 */
final class BannerServer implements AutoCloseable {

    private final ServerSocket server;
    private final String banner;
    private final AtomicInteger accepted = new AtomicInteger();

    private BannerServer(ServerSocket server, String banner) {
        this.server = server;
        this.banner = banner;
        CountingListener.daemon("banner-" + port(), this::acceptLoop);
    }

    static BannerServer start(String banner, List<Integer> ports) throws IOException {
        IOException last = null;
        for (int port : ports) {
            ServerSocket s = new ServerSocket();
            try {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
                return new BannerServer(s, banner);
            } catch (IOException e) {
                last = e;
                s.close();
            }
        }
        throw new IOException("no free port among " + ports, last);
    }

    int port() {
        return server.getLocalPort();
    }

    int accepted() {
        return accepted.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                accepted.incrementAndGet();
                CountingListener.daemon("banner-conn-" + port(), () -> greet(s));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void greet(Socket s) {
        try (s; InputStream in = s.getInputStream()) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(banner.getBytes(StandardCharsets.UTF_8));
            s.getOutputStream().flush();
            byte[] buf = new byte[1024];
            while (in.read(buf) >= 0) {
                // whatever the client sends is ignored until it closes
            }
        } catch (IOException e) {
            // the client went away or timed out
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
