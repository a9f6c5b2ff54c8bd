package dev.warden.egress.internal;

import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.EgressSession;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ArrayByteBufferPool;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * What every run's session shares: threads, scheduler, buffers, TLS trust, the resolver and the
 * DNS client. Sessions own their HTTP clients and sockets; this owns the machinery under them.
 */
final class EgressRuntime implements AutoCloseable {

    private final EgressSettings settings;
    private final QueuedThreadPool threads;
    private final Scheduler scheduler;
    private final ByteBufferPool buffers;
    private final SslContextFactory.Client verifyingTls;
    private final SslContextFactory.Client trustingTls;
    private final StaticHosts resolver;
    private final DnsLookup dns;
    private final TlsInspector tlsInspector;
    private final Set<RunEgress> sessions = ConcurrentHashMap.newKeySet();

    EgressRuntime(EgressSettings settings) {
        this(settings, StaticHosts.SYSTEM);
    }

    EgressRuntime(EgressSettings settings, HostResolver system) {
        this.settings = settings;
        javax.net.ssl.X509ExtendedTrustManager peerTrust;
        try {
            peerTrust = PeerTrust.load(settings.trustStorePath(), settings.trustStorePassword());
        } catch (Exception e) {
            throw new IllegalStateException("egress trust store failed to load: " + e.getMessage(), e);
        }
        this.resolver = new StaticHosts(settings.staticHosts(), system);
        this.dns = new DnsLookup(settings.dnsServers(), settings.dnsTimeoutMs(), resolver);
        threads = new QueuedThreadPool(settings.maxClientThreads(), 2);
        threads.setName("warden-egress");
        threads.setDaemon(true);
        scheduler = new ScheduledExecutorScheduler("warden-egress-scheduler", true);
        buffers = new ArrayByteBufferPool();
        tlsInspector = new TlsInspector(peerTrust, scheduler);
        verifyingTls = new SslContextFactory.Client();
        verifyingTls.setEndpointIdentificationAlgorithm("HTTPS");
        if (!settings.trustStorePath().isEmpty()) {
            verifyingTls.setTrustStorePath(settings.trustStorePath());
            verifyingTls.setTrustStorePassword(settings.trustStorePassword());
        }
        trustingTls = new SslContextFactory.Client(true);
        trustingTls.setEndpointIdentificationAlgorithm(null);
        try {
            threads.start();
            scheduler.start();
            verifyingTls.start();
            trustingTls.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("egress runtime failed to start: " + e.getMessage(), e);
        }
    }

    EgressSettings settings() {
        return settings;
    }

    DnsLookup dns() {
        return dns;
    }

    Scheduler scheduler() {
        return scheduler;
    }

    TlsInspector tlsInspector() {
        return tlsInspector;
    }

    EgressSession session(CallContext ctx) {
        return ctx.resource(EgressSession.class, () -> {
            RunEgress session = new RunEgress(ctx, this);
            sessions.add(session);
            return session;
        });
    }

    void closed(RunEgress session) {
        sessions.remove(session);
    }

    /**
     * Resolves a checked name within {@code timeoutMs}. Static hosts answer at once; the system
     * resolver runs on a pool thread so a slow DNS server cannot outlast the call's budget.
     */
    List<InetAddress> resolve(String name, long timeoutMs) throws EgressException {
        List<InetAddress> pinned = resolver.pinned(name);
        if (pinned != null) {
            return pinned;
        }
        CompletableFuture<List<InetAddress>> f = new CompletableFuture<>();
        threads.execute(() -> {
            try {
                f.complete(resolver.resolve(name));
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new EgressException(AbiCodes.TIMEOUT, null, "resolving " + name + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EgressException(AbiCodes.TIMEOUT, null, "interrupted while resolving " + name);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException) {
                throw new EgressException(AbiCodes.NOT_FOUND, null, "unknown host " + name);
            }
            throw new EgressException(AbiCodes.INTERNAL, null, "resolving " + name + " failed");
        }
    }

    /** A started client for one session, pinned to the addresses that session checked. */
    HttpClient newHttpClient(boolean trustAll, SocketAddressResolver pinned, int maxConnections) throws Exception {
        ClientConnector connector = new ClientConnector();
        connector.setSelectors(1);
        connector.setSslContextFactory(trustAll ? trustingTls : verifyingTls);
        HttpClient client = new HttpClient(new HttpClientTransportOverHTTP(connector));
        client.setExecutor(threads);
        client.setScheduler(scheduler);
        client.setByteBufferPool(buffers);
        client.setSocketAddressResolver(pinned);
        client.setFollowRedirects(false);
        client.setMaxRedirects(0);
        client.setConnectTimeout(settings.connectTimeoutMs());
        client.setMaxResponseHeadersSize(settings.maxResponseHeaderBytes());
        client.setMaxRequestHeadersSize(RequestHeaders.MAX_TOTAL_BYTES + 8192);
        client.setMaxConnectionsPerDestination(Math.max(1, maxConnections));
        client.setUserAgentField(null);
        client.setHttpCookieStore(new org.eclipse.jetty.http.HttpCookieStore.Empty());
        client.setName("warden-egress-client");
        client.start();
        // Redirects are followed by RunEgress (each hop re-checked); authentication, upgrades and
        // transparent decompression would act behind the policy's back, so only the 1xx handlers stay.
        client.getProtocolHandlers().remove(org.eclipse.jetty.client.RedirectProtocolHandler.NAME);
        client.getProtocolHandlers().remove(org.eclipse.jetty.client.WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove("upgrade");
        client.getContentDecoderFactories().clear();
        return client;
    }

    @Override
    public void close() {
        for (RunEgress s : List.copyOf(sessions)) {
            s.close();
        }
        stopQuietly(trustingTls);
        stopQuietly(verifyingTls);
        stopQuietly(scheduler);
        stopQuietly(threads);
    }

    private static void stopQuietly(org.eclipse.jetty.util.component.LifeCycle l) {
        try {
            l.stop();
        } catch (Exception e) {
            // shutting down: nothing left to tell
        }
    }
}
