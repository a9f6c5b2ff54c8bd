package dev.warden.fleet.internal;

import dev.warden.common.WardenHome;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's one connection to the fleet broker. Active only when {@code dev.warden.fleet} is
 * configured; every other fleet component needs it, so without the configuration none of them
 * starts and the agent runs alone. The connection reconnects forever; the agent keeps running while
 * it is away.
 */
@Component(service = FleetConnection.class, configurationPid = FleetConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = FleetConfig.class)
public final class FleetConnection {

    private static final Logger LOG = LoggerFactory.getLogger(FleetConnection.class);

    private final FleetSettings settings;
    private final Thread connector;
    private volatile Connection connection;
    private volatile boolean closed;
    private final List<Runnable> reconnectHooks = new CopyOnWriteArrayList<>();

    @Activate
    public FleetConnection(FleetConfig config) throws IOException, InterruptedException, GeneralSecurityException {
        this(FleetSettings.of(config, WardenHome.data()));
    }

    FleetConnection(FleetSettings settings) throws IOException, InterruptedException, GeneralSecurityException {
        this.settings = settings;
        Files.createDirectories(settings.dataDir());
        Options options = options(settings, this::connectionEvent, this::brokerError);
        // The first connect keeps trying until the broker answers, and blocks while it does: on a
        // thread of its own, so an agent started while the broker is down starts at once and runs
        // its cached assignments.
        this.connector = new Thread(() -> connect(options), "warden-fleet-connect");
        connector.setDaemon(true);
        connector.start();
        LOG.info("Fleet agent {} (labels {}) connecting to {}", settings.agentId(), settings.labels(), settings.servers());
    }

    private void connect(Options options) {
        try {
            Connection c = Nats.connectReconnectOnConnect(options);
            connection = c;
            if (closed) {
                c.close();
            }
        } catch (InterruptedException e) {
            LOG.debug("Fleet connect abandoned");
        } catch (IOException | RuntimeException e) {
            LOG.error("Fleet connection to {} failed for good", settings.servers(), e);
        }
    }

    @Deactivate
    void close() {
        closed = true;
        connector.interrupt();
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    FleetSettings settings() {
        return settings;
    }

    String agentId() {
        return settings.agentId();
    }

    /** The connection; only once {@link #connected()} has been true. */
    Connection connection() {
        Connection c = connection;
        if (c == null) {
            throw new IllegalStateException("the fleet connection is not established yet");
        }
        return c;
    }

    JetStream jetStream() throws IOException {
        return connection().jetStream();
    }

    boolean connected() {
        Connection c = connection;
        return c != null && c.getStatus() == Connection.Status.CONNECTED;
    }

    /** Runs {@code hook} on every (re)connection, on the client's event thread; it must not block long. */
    void onConnected(Runnable hook) {
        reconnectHooks.add(hook);
    }

    void removeHook(Runnable hook) {
        reconnectHooks.remove(hook);
    }

    /** System.nanoTime() when the current outage began, 0 while connected (only the client's event thread writes it). */
    private volatile long downSince;

    private void connectionEvent(Connection conn, ConnectionListener.Events event) {
        if (connection == null && !closed) {
            connection = conn;
        }
        switch (event) {
            case CONNECTED, RECONNECTED -> {
                long since = downSince;
                downSince = 0;
                if (since != 0) {
                    LOG.info("Fleet connection: {} ({}) after {} s away", event, conn.getConnectedUrl(),
                            (System.nanoTime() - since) / 1_000_000_000L);
                } else {
                    LOG.info("Fleet connection: {} ({})", event, conn.getConnectedUrl());
                }
            }
            case DISCONNECTED -> {
                // the client retries every second: one WARN per outage, the retries at DEBUG
                if (downSince == 0) {
                    downSince = System.nanoTime();
                    LOG.warn("Fleet connection: {}; the agent keeps running its assignments and journals results"
                            + " until the broker is back", event);
                } else {
                    LOG.debug("Fleet connection: {} (still away)", event);
                }
            }
            case CLOSED -> LOG.warn("Fleet connection: {}", event);
            default -> LOG.debug("Fleet connection: {}", event);
        }
        if (event == ConnectionListener.Events.CONNECTED || event == ConnectionListener.Events.RECONNECTED) {
            for (Runnable hook : reconnectHooks) {
                try {
                    hook.run();
                } catch (RuntimeException e) {
                    LOG.error("Fleet reconnect hook failed", e);
                }
            }
        }
    }

    /** The broker's last error message and when it came (System.nanoTime()), for callers whose request only timed out. */
    private volatile String lastBrokerError;
    private volatile long lastBrokerErrorAt;

    private void brokerError(String error) {
        // e.g. "Permissions Violation for Publish to ...": the request that caused it only sees a timeout
        if (!error.equals(lastBrokerError)) {
            LOG.warn("Fleet broker: {}", error);
        }
        lastBrokerError = error;
        lastBrokerErrorAt = System.nanoTime();
    }

    /** What the broker last reported as an error, if within the last {@code seconds}; else null. */
    String recentBrokerError(long seconds) {
        String error = lastBrokerError;
        return error != null && System.nanoTime() - lastBrokerErrorAt < seconds * 1_000_000_000L ? error : null;
    }

    static Options options(FleetSettings s, ConnectionListener listener) throws IOException, GeneralSecurityException {
        return options(s, listener, error -> { });
    }

    static Options options(FleetSettings s, ConnectionListener listener, java.util.function.Consumer<String> errors)
            throws IOException, GeneralSecurityException {
        Options.Builder b = Options.builder()
                .servers(s.servers().toArray(String[]::new))
                .connectionName("warden-" + s.agentId())
                // replies (KV values among them) come to an inbox only this agent may read (docs/fleet-nats.conf)
                .inboxPrefix("_INBOX_" + s.agentId())
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(1))
                .connectionListener(listener)
                .errorListener(new io.nats.client.ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.accept(error);
                    }
                });
        if (notBlank(s.credsFile())) {
            b.authHandler(Nats.credentials(s.credsFile()));
        } else if (notBlank(s.token())) {
            b.token(s.token().toCharArray());
        } else if (notBlank(s.user())) {
            b.userInfo(s.user(), s.password() == null ? "" : s.password());
        }
        if (s.tls()) {
            b.sslContext(sslContext(s));
        }
        return b.build();
    }

    private static SSLContext sslContext(FleetSettings s) throws IOException, GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        if (!notBlank(s.trustStore())) {
            context.init(null, null, null);
            return context;
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        char[] password = s.trustStorePassword() == null ? null : s.trustStorePassword().toCharArray();
        try (InputStream in = Files.newInputStream(Path.of(s.trustStore()))) {
            store.load(in, password);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }

    private static boolean notBlank(String v) {
        return v != null && !v.isBlank();
    }
}
