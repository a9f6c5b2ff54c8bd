package dev.warden.api.egress;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One run's network access. Every call checks scheme, host, port and every resolved address
 * against the grants, connects only to the address it checked, caps time by the run's budget and
 * sizes by the manifest, and counts bytes and denials in the run's stats.
 */
@ProviderType
public interface EgressSession extends AutoCloseable {

    /** An HTTP(S) exchange; redirects are followed only when each hop passes the policy again. */
    HttpExchange http(HttpCall call) throws EgressException;

    /** Opens a TCP connection; counts against the run's connection cap until closed. */
    TcpConnection tcpConnect(String host, int port, long timeoutMs) throws EgressException;

    /** Sends one UDP datagram; returns the number of bytes sent. */
    int udpSend(String host, int port, byte[] payload, long timeoutMs) throws EgressException;

    /**
     * Resolves a name allowed by {@code allowed_domains}.
     *
     * @param type A, AAAA, CNAME, MX, TXT, NS, SRV or PTR
     */
    DnsAnswer dns(String name, String type, long timeoutMs) throws EgressException;

    /**
     * Opens a TLS connection (checked like {@link #tcpConnect}), completes the handshake without
     * sending any application data, and reports the peer's chain; {@code serverName} is the SNI
     * and host name to verify (null: {@code host}).
     */
    TlsPeer tlsInspect(String host, int port, String serverName, long timeoutMs) throws EgressException;

    /** Closes every connection of the run; later calls fail with {@code BAD_HANDLE}-like errors. */
    @Override
    void close();
}
