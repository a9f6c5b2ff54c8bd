package dev.warden.egress.internal;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.regex.Pattern;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Judges a server's chain with the real trust manager (chain, validity and, when the socket asks
 * for endpoint identification, the host name) but records the verdict instead of aborting the
 * handshake: inspecting an expired or self-signed certificate is the point of {@code tls_inspect}.
 * Used for exactly one handshake, never for a connection that carries data.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    /** Verification errors go into plugin-visible JSON: keep them short. */
    static final int MAX_ERROR_CHARS = 300;

    @FunctionalInterface
    private interface Check {
        void run() throws CertificateException;
    }

    private final X509ExtendedTrustManager delegate;
    private volatile boolean judged;
    private volatile String error;

    RecordingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    /** True once a chain was judged and passed. */
    boolean verified() {
        return judged && error == null;
    }

    /** Why the chain failed, or null. */
    String error() {
        return judged ? error : "the peer's chain was never checked";
    }

    private void judge(X509Certificate[] chain, Check check) {
        try {
            check.run();
            leafValidNow(chain);
        } catch (CertificateException | RuntimeException e) {
            error = shortMessage(e);
        }
        judged = true;
    }

    /**
     * PKIX does not check a trust anchor's dates, so an expired certificate the operator trusts
     * directly would pass; a checker asking "does this verify?" means "would a client accept it now".
     */
    private static void leafValidNow(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the peer sent no certificate");
        }
        X509Certificate leaf = chain[0];
        try {
            leaf.checkValidity();
        } catch (CertificateExpiredException e) {
            throw new CertificateException("certificate expired at " + leaf.getNotAfter().toInstant());
        } catch (CertificateNotYetValidException e) {
            throw new CertificateException("certificate not valid before " + leaf.getNotBefore().toInstant());
        }
    }

    /** JSSE nests causes as "text: some.package.SomeException: text"; plugins need the text only. */
    private static final Pattern CLASS_PREFIX =
            Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ");

    static String shortMessage(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        m = CLASS_PREFIX.matcher(m).replaceAll("");
        return m.length() <= MAX_ERROR_CHARS ? m : m.substring(0, MAX_ERROR_CHARS);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        judge(chain, () -> delegate.checkServerTrusted(chain, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        judge(chain, () -> delegate.checkServerTrusted(chain, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
        judge(chain, () -> delegate.checkServerTrusted(chain, authType));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("client side only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
