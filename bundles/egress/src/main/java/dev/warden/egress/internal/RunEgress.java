package dev.warden.egress.internal;

import dev.warden.api.dto.Resources;
import dev.warden.api.egress.DnsAnswer;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.EgressSession;
import dev.warden.api.egress.Header;
import dev.warden.api.egress.HttpCall;
import dev.warden.api.egress.HttpExchange;
import dev.warden.api.egress.TcpConnection;
import dev.warden.api.egress.TlsPeer;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The egress session of one run. Every call: syntax and grant checks, one resolution, every
 * address checked, then a connection to exactly those addresses, within the run's time and the
 * manifest's size and connection caps. Denials are reported to the run (operator log and stats)
 * and thrown as {@code -2} with the rule that denied them.
 *
 * <p>The context is the run's: the engine hands every host call of a run the same one, and the
 * session lives exactly as long as the run (it is a run resource).
 */
final class RunEgress implements EgressSession {

    static final int DEFAULT_MAX_CONNECTIONS = 4;
    static final long DEFAULT_MAX_RESPONSE_BYTES = 2L * 1024 * 1024;
    static final int MAX_UDP_PAYLOAD = 65507;

    private final CallContext ctx;
    private final EgressRuntime runtime;
    private final EgressSettings settings;
    private final EgressPolicy policy;
    private final ConnectionSlots slots;
    private final long maxResponseBytes;
    private final SessionHttp http;
    private final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    RunEgress(CallContext ctx, EgressRuntime runtime) {
        this.ctx = ctx;
        this.runtime = runtime;
        this.settings = runtime.settings();
        this.policy = new EgressPolicy(ctx.grants() == null ? null : ctx.grants().permissions());
        Resources r = ctx.manifest() == null ? Resources.DEFAULTS : ctx.manifest().resources();
        int maxConnections = r.maxOpenConnections() == null ? DEFAULT_MAX_CONNECTIONS : r.maxOpenConnections();
        this.slots = new ConnectionSlots(Math.max(0, maxConnections));
        this.maxResponseBytes = r.maxHttpResponseBytes() == null ? DEFAULT_MAX_RESPONSE_BYTES
                : Math.max(0, r.maxHttpResponseBytes());
        this.http = new SessionHttp(runtime, Math.max(1, maxConnections));
    }

    // ---- HTTP ----

    @Override
    public HttpExchange http(HttpCall call) throws EgressException {
        String target = call.url();
        try {
            ensureOpen();
            long deadline = System.currentTimeMillis() + budget(call.timeoutMs());
            String method = RequestHeaders.method(call.method());
            List<Header> headers = RequestHeaders.check(call.headers());
            byte[] body = call.body();
            if (body.length > settings.maxRequestBodyBytes()) {
                throw new EgressException(AbiCodes.TOO_LARGE, "max_request_body_bytes", "request body too large");
            }
            boolean trustAll = call.insecureSkipVerify() && policy.tlsInsecure();
            EgressPolicy.CheckedUrl url = policy.checkUrl(call.url());
            for (int hop = 0;; hop++) {
                target = url.uri().toString();
                List<InetAddress> addresses = checkedAddresses(url.host(), remaining(deadline));
                SessionHttp.Sent sent = exchange(url, addresses, method, headers, body, remaining(deadline), trustAll);
                String location = sent.header("Location");
                if (!call.followRedirects() || !isRedirect(sent.status()) || location == null) {
                    return new HttpExchange(sent.status(), sent.headers(), sent.body(), url.uri().toString(), hop);
                }
                if (hop >= settings.maxRedirects()) {
                    throw EgressPolicy.denied("redirects", "more than " + settings.maxRedirects() + " redirects");
                }
                target = location;
                EgressPolicy.CheckedUrl next = policy.checkUrl(resolveLocation(url.uri(), location));
                if (sent.status() == 303 || ((sent.status() == 301 || sent.status() == 302) && "POST".equals(method))) {
                    method = "GET";
                    body = new byte[0];
                    headers = RequestHeaders.withoutBody(headers);
                }
                if (!next.sameOrigin(url)) {
                    headers = RequestHeaders.forOtherOrigin(headers);
                }
                url = next;
            }
        } catch (EgressException e) {
            throw reported(e, target);
        }
    }

    private SessionHttp.Sent exchange(EgressPolicy.CheckedUrl url, List<InetAddress> addresses, String method,
            List<Header> headers, byte[] body, long timeoutMs, boolean trustAll) throws EgressException {
        slots.acquire();
        try {
            SessionHttp.Sent sent = http.send(url, addresses, method, headers, body, timeoutMs, trustAll,
                    maxResponseBytes);
            countBytes(sent.bytesOut() + sent.bytesIn());
            return sent;
        } finally {
            slots.release();
        }
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    private static String resolveLocation(URI base, String location) throws EgressException {
        try {
            return base.resolve(new URI(location.trim())).toString();
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw EgressPolicy.denied("url", "malformed redirect location");
        }
    }

    // ---- TCP ----

    @Override
    public TcpConnection tcpConnect(String host, int port, long timeoutMs) throws EgressException {
        String target = host + ":" + port;
        try {
            ensureOpen();
            long deadline = System.currentTimeMillis() + budget(timeoutMs);
            HostName name = HostName.parse(host, false);
            policy.checkPort(port, -1);
            policy.checkName(name);
            List<InetAddress> addresses = checkedAddresses(name, remaining(deadline));
            slots.acquire();
            Socket socket = null;
            try {
                socket = connect(addresses, port, deadline);
                EgressTcpConnection connection = new EgressTcpConnection(socket, this, runtime.scheduler());
                open.add(connection);
                if (closed) {
                    connection.close();
                    throw closedError();
                }
                return connection;
            } catch (IOException e) {
                closeQuietly(socket);
                slots.release();
                throw new EgressException(AbiCodes.INTERNAL, null, "connect failed");
            } catch (EgressException | RuntimeException e) {
                closeQuietly(socket);
                if (socket == null) {
                    slots.release();
                }
                throw e;
            }
        } catch (EgressException e) {
            throw reported(e, target);
        }
    }

    /** Tries the checked addresses in order; never anything else. */
    private Socket connect(List<InetAddress> addresses, int port, long deadline) throws EgressException {
        EgressException last = null;
        for (InetAddress address : addresses) {
            long left = remaining(deadline);
            Socket socket = new Socket();
            open.add(socket);
            try {
                socket.connect(new InetSocketAddress(address, port),
                        (int) Math.min(Integer.MAX_VALUE, Math.min(left, settings.connectTimeoutMs())));
                open.remove(socket);
                return socket;
            } catch (SocketTimeoutException e) {
                last = new EgressException(AbiCodes.TIMEOUT, null, "connect timed out");
            } catch (IOException e) {
                last = closed ? closedError() : new EgressException(AbiCodes.INTERNAL, null, "connect failed");
            }
            open.remove(socket);
            closeQuietly(socket);
        }
        throw last != null ? last : new EgressException(AbiCodes.NOT_FOUND, null, "no address");
    }

    void released(EgressTcpConnection connection) {
        if (open.remove(connection)) {
            slots.release();
        }
    }

    // ---- TLS inspection ----

    @Override
    public TlsPeer tlsInspect(String host, int port, String serverName, long timeoutMs) throws EgressException {
        String target = host + ":" + port;
        try {
            ensureOpen();
            long deadline = System.currentTimeMillis() + budget(timeoutMs);
            HostName name = HostName.parse(host, false);
            policy.checkPort(port, -1);
            policy.checkName(name);
            // The SNI only names what to ask the checked address for; it is never resolved or connected to.
            HostName peerName = serverName == null || serverName.isEmpty() ? name : HostName.parse(serverName, false);
            List<InetAddress> addresses = checkedAddresses(name, remaining(deadline));
            slots.acquire();
            Socket socket = null;
            try {
                socket = connect(addresses, port, deadline);
                open.add(socket);
                if (closed) {
                    throw closedError();
                }
                TlsInspector.Inspected inspected = runtime.tlsInspector().inspect(socket, peerName.name(),
                        !peerName.isLiteral(), deadline);
                countBytes(inspected.bytes());
                return inspected.peer();
            } catch (EgressException e) {
                throw closed ? closedError() : e;
            } finally {
                if (socket != null) {
                    open.remove(socket);
                    closeQuietly(socket);
                }
                slots.release();
            }
        } catch (EgressException e) {
            throw reported(e, target);
        }
    }

    // ---- UDP ----

    @Override
    public int udpSend(String host, int port, byte[] payload, long timeoutMs) throws EgressException {
        String target = host + ":" + port;
        try {
            ensureOpen();
            long deadline = System.currentTimeMillis() + budget(timeoutMs);
            HostName name = HostName.parse(host, false);
            policy.checkPort(port, -1);
            policy.checkName(name);
            List<InetAddress> addresses = checkedAddresses(name, remaining(deadline));
            if (payload.length > MAX_UDP_PAYLOAD) {
                throw new EgressException(AbiCodes.TOO_LARGE, "udp_payload", "datagram larger than " + MAX_UDP_PAYLOAD);
            }
            try (DatagramSocket socket = new DatagramSocket()) {
                open.add(socket);
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remaining(deadline)));
                socket.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(addresses.get(0), port)));
                countBytes(payload.length);
                return payload.length;
            } catch (IOException e) {
                throw closed ? closedError() : new EgressException(AbiCodes.INTERNAL, null, "send failed");
            }
        } catch (EgressException e) {
            throw reported(e, target);
        }
    }

    // ---- DNS ----

    @Override
    public DnsAnswer dns(String name, String type, long timeoutMs) throws EgressException {
        String target = name + " " + type;
        try {
            ensureOpen();
            long timeout = budget(timeoutMs);
            String t = DnsLookup.type(type);
            HostName host = HostName.parse(name, true);
            policy.checkQueryName(host);
            DnsAnswer answer = runtime.dns().lookup(host, t, timeout);
            countBytes(host.name().length() + 16 + answer.records().stream().mapToLong(String::length).sum());
            return answer;
        } catch (EgressException e) {
            throw reported(e, target);
        }
    }

    // ---- shared ----

    private static final long RESERVE_MS = 200;

    private List<InetAddress> checkedAddresses(HostName host, long timeoutMs) throws EgressException {
        List<InetAddress> addresses = host.isLiteral() ? List.of(host.literal())
                : runtime.resolve(host.name(), timeoutMs);
        policy.checkAddresses(host, addresses);
        return addresses;
    }

    /**
     * min(requested or the default, time left in the run less a reserve); -6 when nothing is left.
     * The reserve (a tenth of what is left, at most 200 ms) lets a plugin whose call timed out still
     * report that, instead of the run's own deadline ending it first.
     */
    long budget(long requestedMs) throws EgressException {
        long wanted = requestedMs > 0 ? requestedMs : settings.defaultTimeoutMs();
        long left = ctx.remainingMillis();
        long t = Math.min(wanted, left - Math.min(RESERVE_MS, left / 10));
        if (t <= 0) {
            throw new EgressException(AbiCodes.TIMEOUT, null, "the run's time is spent");
        }
        return t;
    }

    private static long remaining(long deadline) throws EgressException {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
            throw new EgressException(AbiCodes.TIMEOUT, null, "call timed out");
        }
        return left;
    }

    void countBytes(long bytes) {
        if (bytes > 0) {
            ctx.addEgressBytes(bytes);
        }
    }

    private EgressException reported(EgressException e, String target) {
        if (e.abiCode() == AbiCodes.DENIED) {
            ctx.egressDenied(e.rule(), printable(target));
        }
        return e;
    }

    /** Targets go into the operator's log: no control characters, bounded length. */
    static String printable(String target) {
        if (target == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(target.length(), 512));
        for (int i = 0; i < target.length() && b.length() < 512; i++) {
            char c = target.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.toString();
    }

    private void ensureOpen() throws EgressException {
        if (closed) {
            throw closedError();
        }
    }

    private static EgressException closedError() {
        return new EgressException(AbiCodes.BAD_HANDLE, null, "egress session closed");
    }

    int openConnections() {
        return slots.used();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        http.close();
        for (AutoCloseable c : List.copyOf(open)) {
            closeQuietly(c);
        }
        open.clear();
        runtime.closed(this);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception e) {
                // closing: nothing to report
            }
        }
    }
}
