package dev.warden.egress.internal;

import java.io.FileInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A TLS server on 127.0.0.1 with one key pair: it completes handshakes, records the SNI each
 * client sent, and counts any application bytes that arrive afterwards (there should be none).
 */
final class TestTlsServer implements AutoCloseable {

    final List<String> serverNames = new CopyOnWriteArrayList<>();
    final AtomicInteger accepted = new AtomicInteger();
    final AtomicInteger handshakes = new AtomicInteger();
    final AtomicLong applicationBytes = new AtomicLong();
    private final SSLServerSocket server;

    TestTlsServer(Path keyStore, String password) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keyStore.toFile())) {
            ks.load(in, password.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(this::acceptLoop, "test-tls-server");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                SSLSocket s = (SSLSocket) server.accept();
                accepted.incrementAndGet();
                Thread h = new Thread(() -> serve(s));
                h.setDaemon(true);
                h.start();
            } catch (Exception e) {
                return;
            }
        }
    }

    private void serve(SSLSocket s) {
        try (s) {
            s.setSoTimeout(5000);
            s.startHandshake();
            List<SNIServerName> names = ((ExtendedSSLSession) s.getSession()).getRequestedServerNames();
            serverNames.add(names.isEmpty() ? "" : ((SNIHostName) names.get(0)).getAsciiName());
            handshakes.incrementAndGet();
            byte[] buf = new byte[1024];
            int n;
            while ((n = s.getInputStream().read(buf)) > 0) {
                applicationBytes.addAndGet(n);
            }
        } catch (Exception e) {
            // the client hung up or failed its side: what was counted stands
        }
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
