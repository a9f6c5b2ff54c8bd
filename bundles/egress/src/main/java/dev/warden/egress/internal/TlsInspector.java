package dev.warden.egress.internal;

import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.TlsPeer;
import dev.warden.api.spi.AbiCodes;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * One TLS handshake over an already checked and connected socket, and nothing else: no
 * application data is sent, and the socket is closed afterwards. The handshake completes whatever
 * the chain is like; a {@link RecordingTrustManager} keeps the verdict.
 */
final class TlsInspector {

    /** ClientHello, key share, Finished and the record overhead around the chain, roughly. */
    static final long HANDSHAKE_OVERHEAD_BYTES = 1500;

    record Inspected(TlsPeer peer, long bytes) {
    }

    private final X509ExtendedTrustManager trust;
    private final Scheduler scheduler;

    TlsInspector(X509ExtendedTrustManager trust, Scheduler scheduler) {
        this.trust = trust;
        this.scheduler = scheduler;
    }

    /**
     * @param peerName the name to verify the certificate against (a DNS name or an IP literal)
     * @param sendSni whether {@code peerName} goes out as SNI (never for IP literals)
     * @param deadline epoch millis by which the handshake must be done; the socket is closed then
     */
    Inspected inspect(Socket connected, String peerName, boolean sendSni, long deadline) throws EgressException {
        RecordingTrustManager recorder = new RecordingTrustManager(trust);
        SSLSocket tls;
        try {
            // a fresh context per inspection: no session is resumed, so the full chain is always sent
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recorder}, null);
            tls = (SSLSocket) context.getSocketFactory().createSocket(connected, peerName, connected.getPort(), true);
        } catch (GeneralSecurityException | IOException e) {
            throw new EgressException(AbiCodes.INTERNAL, null, "tls setup failed: " + RecordingTrustManager.shortMessage(e));
        }
        AtomicBoolean expired = new AtomicBoolean();
        long left = deadline - System.currentTimeMillis();
        Scheduler.Task watchdog = left <= 0 ? null : scheduler.schedule(() -> {
            expired.set(true);
            closeQuietly(tls);
        }, left, TimeUnit.MILLISECONDS);
        try {
            if (left <= 0) {
                throw new EgressException(AbiCodes.TIMEOUT, null, "call timed out");
            }
            tls.setUseClientMode(true);
            SSLParameters params = tls.getSSLParameters();
            // makes the delegate trust manager check the host name as well as the chain
            params.setEndpointIdentificationAlgorithm("HTTPS");
            params.setServerNames(sendSni ? List.of(new SNIHostName(peerName)) : List.of());
            tls.setSSLParameters(params);
            tls.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, left)));
            tls.startHandshake();
            SSLSession session = tls.getSession();
            Certificate[] chain = session.getPeerCertificates();
            TlsPeer peer = new TlsPeer(session.getProtocol(), session.getCipherSuite(), PeerCertificates.of(chain),
                    recorder.verified(), recorder.verified() ? null : recorder.error());
            return new Inspected(peer, HANDSHAKE_OVERHEAD_BYTES + PeerCertificates.encodedBytes(chain));
        } catch (SocketTimeoutException e) {
            throw new EgressException(AbiCodes.TIMEOUT, null, "tls handshake timed out");
        } catch (IOException | IllegalArgumentException e) {
            if (expired.get()) {
                throw new EgressException(AbiCodes.TIMEOUT, null, "tls handshake timed out");
            }
            throw new EgressException(AbiCodes.INTERNAL, null,
                    "tls handshake failed: " + RecordingTrustManager.shortMessage(e));
        } finally {
            closeQuietly(tls); // under the watchdog: a close that waits for the peer is bounded too
            if (watchdog != null) {
                watchdog.cancel();
            }
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // done with it either way
        }
    }
}
