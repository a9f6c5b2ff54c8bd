package dev.warden.egress.internal;

import java.io.File;
import java.security.KeyStore;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager {@code tls_inspect} judges peers with: the same trust as HTTPS egress (the
 * operator's trust store when configured, otherwise the JDK's trusted certificates).
 */
final class PeerTrust {

    private PeerTrust() {
    }

    static X509ExtendedTrustManager load(String trustStorePath, String trustStorePassword) throws Exception {
        KeyStore store = null;
        if (trustStorePath != null && !trustStorePath.isEmpty()) {
            // detects PKCS12 and JKS alike, as the HTTPS client's trust store setting does
            store = KeyStore.getInstance(new File(trustStorePath),
                    trustStorePassword == null ? new char[0] : trustStorePassword.toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        for (TrustManager tm : factory.getTrustManagers()) {
            if (tm instanceof X509ExtendedTrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X.509 trust manager available");
    }
}
