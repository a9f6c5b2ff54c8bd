package dev.warden.itests;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A TLS server on 127.0.0.1 whose certificate the test swaps between connections, with
 * self-signed certificates made at test time by the JDK's {@code keytool}, valid from a chosen
 * start for a chosen number of days (so "expires in 5 days" is a fact of the certificate, not of
 * a clock the test fakes). Each connection completes the handshake and then waits for the client
 * to close.
 */
final class TlsTarget implements AutoCloseable {

    private static final String ALIAS = "site";
    private static final char[] PASSWORD = "itest-pass".toCharArray();

    private record Identity(PrivateKey key, X509Certificate[] chain) {
    }

    private final SSLServerSocket server;
    private final AtomicReference<Identity> current;
    private final AtomicInteger handshakes = new AtomicInteger();

    private TlsTarget(SSLServerSocket server, AtomicReference<Identity> current) {
        this.server = server;
        this.current = current;
        CountingListener.daemon("tls-" + port(), this::acceptLoop);
    }

    /** Listens on the first free port of those given, presenting {@code keystore}'s certificate. */
    static TlsTarget start(Path keystore, List<Integer> ports) throws IOException, GeneralSecurityException {
        AtomicReference<Identity> current = new AtomicReference<>(load(keystore));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(new javax.net.ssl.KeyManager[] {new SwappableKeyManager(current)}, null, null);
        IOException last = null;
        for (int port : ports) {
            SSLServerSocket s = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
            try {
                s.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 50);
                return new TlsTarget(s, current);
            } catch (IOException e) {
                last = e;
                s.close();
            }
        }
        throw new IOException("no free port among " + ports, last);
    }

    /**
     * A PKCS#12 key store with one self-signed EC certificate for 127.0.0.1 and localhost, valid
     * from {@code startDate} (keytool syntax, e.g. {@code -10d}; null: now) for {@code days} days.
     */
    static Path certificate(Path dir, String name, String startDate, int days) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Files.deleteIfExists(store);
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=" + name + ", O=Warden itests", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-validity", Integer.toString(days), "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", new String(PASSWORD)));
        if (startDate != null) {
            command.addAll(List.of("-startdate", startDate));
        }
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!keytool.waitFor(60, TimeUnit.SECONDS) || keytool.exitValue() != 0 || !Files.isRegularFile(store)) {
            throw new IOException("keytool failed for " + name + ": " + output);
        }
        return store;
    }

    /** The certificate of {@code keystore}, for the connections from now on. */
    void present(Path keystore) throws IOException, GeneralSecurityException {
        current.set(load(keystore));
    }

    X509Certificate leaf() {
        return current.get().chain()[0];
    }

    int port() {
        return server.getLocalPort();
    }

    int handshakes() {
        return handshakes.get();
    }

    private static Identity load(Path keystore) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        Certificate[] chain = ks.getCertificateChain(ALIAS);
        return new Identity((PrivateKey) ks.getKey(ALIAS, PASSWORD),
                Arrays.copyOf(chain, chain.length, X509Certificate[].class));
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                CountingListener.daemon("tls-conn-" + port(), () -> serve((SSLSocket) s));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void serve(SSLSocket s) {
        try (s) {
            s.setSoTimeout(10_000);
            s.startHandshake();
            handshakes.incrementAndGet();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1024];
            while (in.read(buf) >= 0) {
                // nothing to answer: the client only looks at the certificate
            }
        } catch (IOException e) {
            // the client closed, timed out or gave up on the handshake
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** Serves whatever identity is current at handshake time. */
    private static final class SwappableKeyManager extends X509ExtendedKeyManager {

        private final AtomicReference<Identity> current;

        SwappableKeyManager(AtomicReference<Identity> current) {
            this.current = current;
        }

        private String alias(String keyType) {
            String algorithm = current.get().key().getAlgorithm();
            return keyType != null && (keyType.equals(algorithm) || keyType.startsWith(algorithm + "_")) ? ALIAS : null;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            String alias = alias(keyType);
            return alias == null ? null : new String[] {alias};
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return alias(keyType);
        }

        @Override
        public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
            return alias(keyType);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return ALIAS.equals(alias) ? current.get().chain().clone() : null;
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return ALIAS.equals(alias) ? current.get().key() : null;
        }
    }
}
