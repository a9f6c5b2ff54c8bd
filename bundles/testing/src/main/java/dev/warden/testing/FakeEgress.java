package dev.warden.testing;

import dev.warden.api.egress.DnsAnswer;
import dev.warden.api.egress.Egress;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.EgressSession;
import dev.warden.api.egress.HttpCall;
import dev.warden.api.egress.HttpExchange;
import dev.warden.api.egress.TcpConnection;
import dev.warden.api.egress.TlsPeer;
import dev.warden.api.spi.CallContext;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * An egress that opens nothing: it records what capabilities asked for and answers from what the
 * test scripted. Setting {@link Session#failure} makes the next call of any kind throw it.
 */
public final class FakeEgress implements Egress {

    /** Produces an answer or refuses, like the real session. */
    @FunctionalInterface
    public interface Answer<T, R> {
        R apply(T request) throws EgressException;
    }

    public record TcpRequest(String host, int port, long timeoutMs) {
    }

    public record UdpSend(String host, int port, byte[] payload, long timeoutMs) {
    }

    public record DnsQuery(String name, String type, long timeoutMs) {
    }

    public record TlsRequest(String host, int port, String serverName, long timeoutMs) {
    }

    public final Session session = new Session();
    public final List<CallContext> sessionsAskedFor = new ArrayList<>();

    @Override
    public EgressSession session(CallContext ctx) {
        sessionsAskedFor.add(ctx);
        return session;
    }

    public static final class Session implements EgressSession {

        public final List<HttpCall> httpCalls = new ArrayList<>();
        public final List<TcpRequest> tcpConnects = new ArrayList<>();
        public final List<FakeConnection> connections = new ArrayList<>();
        public final List<UdpSend> udpSends = new ArrayList<>();
        public final List<DnsQuery> dnsQueries = new ArrayList<>();
        public final List<TlsRequest> tlsInspects = new ArrayList<>();
        public Answer<HttpCall, HttpExchange> http = call -> new HttpExchange(200, List.of(), new byte[0], call.url(), 0);
        public Answer<DnsQuery, DnsAnswer> dns = q -> new DnsAnswer(q.name(), q.type(), List.of(), 60);
        public Answer<TlsRequest, TlsPeer> tls = r -> new TlsPeer("TLSv1.3", "TLS_AES_128_GCM_SHA256", List.of(),
                false, "no chain scripted");
        /** Bytes every new connection will deliver to reads. */
        public byte[] tcpInbound = new byte[0];
        public EgressException failure;
        public boolean closed;

        private void failIfAsked() throws EgressException {
            EgressException f = failure;
            if (f != null) {
                failure = null;
                throw f;
            }
        }

        @Override
        public HttpExchange http(HttpCall call) throws EgressException {
            httpCalls.add(call);
            failIfAsked();
            return http.apply(call);
        }

        @Override
        public TcpConnection tcpConnect(String host, int port, long timeoutMs) throws EgressException {
            tcpConnects.add(new TcpRequest(host, port, timeoutMs));
            failIfAsked();
            FakeConnection c = new FakeConnection(tcpInbound);
            connections.add(c);
            return c;
        }

        @Override
        public int udpSend(String host, int port, byte[] payload, long timeoutMs) throws EgressException {
            udpSends.add(new UdpSend(host, port, payload.clone(), timeoutMs));
            failIfAsked();
            return payload.length;
        }

        @Override
        public DnsAnswer dns(String name, String type, long timeoutMs) throws EgressException {
            DnsQuery q = new DnsQuery(name, type, timeoutMs);
            dnsQueries.add(q);
            failIfAsked();
            return dns.apply(q);
        }

        @Override
        public TlsPeer tlsInspect(String host, int port, String serverName, long timeoutMs) throws EgressException {
            TlsRequest r = new TlsRequest(host, port, serverName, timeoutMs);
            tlsInspects.add(r);
            failIfAsked();
            return tls.apply(r);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** A connection over scripted inbound bytes; what is written is kept in {@link #written}. */
    public static final class FakeConnection implements TcpConnection {

        public final ByteArrayOutputStream written = new ByteArrayOutputStream();
        public final List<Long> timeouts = new ArrayList<>();
        public EgressException failure;
        public boolean closed;
        private final byte[] inbound;
        private int position;

        FakeConnection(byte[] inbound) {
            this.inbound = inbound.clone();
        }

        @Override
        public int read(byte[] buf, long timeoutMs) throws EgressException {
            timeouts.add(timeoutMs);
            check();
            int n = Math.min(buf.length, inbound.length - position);
            System.arraycopy(inbound, position, buf, 0, n);
            position += n;
            return n;
        }

        @Override
        public int write(byte[] data, long timeoutMs) throws EgressException {
            timeouts.add(timeoutMs);
            check();
            written.write(data, 0, data.length);
            return data.length;
        }

        private void check() throws EgressException {
            if (closed) {
                throw new EgressException(-7, null, "connection closed");
            }
            EgressException f = failure;
            if (f != null) {
                failure = null;
                throw f;
            }
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
