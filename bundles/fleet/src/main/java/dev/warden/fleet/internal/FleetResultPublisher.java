package dev.warden.fleet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.ResultSink;
import dev.warden.api.dto.CheckResult;
import dev.warden.common.Json;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every result to the {@code WARDEN_RESULTS} stream, subject
 * {@code warden.results.<agent-id>.<assignment-id>}, with {@code Nats-Msg-Id} = the result id.
 * A result is first appended to the on-disk outbox and only then sent, in order, by one thread; it
 * leaves the outbox when the stream acknowledged it. A crash between the acknowledgement and the
 * outbox update sends it again, and the stream's duplicate window drops the repeat: never lost,
 * never duplicated.
 */
@Component(service = {ResultSink.class, FleetResultPublisher.class})
public final class FleetResultPublisher implements ResultSink {

    static final String STREAM = "WARDEN_RESULTS";
    static final String SUBJECT_PREFIX = "warden.results.";
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(10);

    private static final Logger LOG = LoggerFactory.getLogger(FleetResultPublisher.class);
    private static final int BATCH = 256;
    private static final long IDLE_WAIT_MS = 1_000;

    private final FleetConnection fleet;
    private final ResultOutbox outbox;
    private final Thread drainer;
    private final Runnable wake = this::wake;
    private final Object signal = new Object();
    private volatile boolean running = true;
    private volatile boolean streamChecked;

    @Activate
    public FleetResultPublisher(@Reference FleetConnection fleet) throws IOException {
        this.fleet = fleet;
        this.outbox = new ResultOutbox(fleet.settings().dataDir().resolve("outbox"));
        fleet.onConnected(wake);
        this.drainer = new Thread(this::drainLoop, "warden-fleet-results");
        drainer.setDaemon(true);
        drainer.start();
    }

    @Deactivate
    void deactivate() {
        running = false;
        fleet.removeHook(wake);
        drainer.interrupt();
        try {
            drainer.join(5_000);
            outbox.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("Closing the fleet outbox failed", e);
        }
    }

    @Override
    public void publish(CheckResult result) {
        try {
            outbox.append(Json.mapper().writeValueAsBytes(result));
        } catch (IOException e) {
            LOG.error("Fleet outbox cannot take result {}; it stays only in the local journal", result.id(), e);
            return;
        }
        wake();
    }

    /** True when every result taken so far has been acknowledged by the stream. */
    boolean drained() throws IOException {
        return outbox.isEmpty();
    }

    static String subject(String agentId, String assignmentId) {
        String token = assignmentId == null || assignmentId.isBlank() ? "_" : assignmentId.replaceAll("[^A-Za-z0-9_-]", "_");
        return SUBJECT_PREFIX + agentId + "." + token;
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void drainLoop() {
        while (running) {
            try {
                List<ResultOutbox.Entry> batch = fleet.connected() ? outbox.pending(BATCH) : List.of();
                if (batch.isEmpty()) {
                    await(IDLE_WAIT_MS);
                    continue;
                }
                ensureStream();
                for (ResultOutbox.Entry entry : batch) {
                    send(entry.payload());
                    outbox.acknowledge(entry.next());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.debug("Fleet results not delivered yet ({}); retrying", e.toString());
                streamChecked = false;
                try {
                    await(IDLE_WAIT_MS);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void send(byte[] payload) throws IOException, JetStreamApiException {
        JsonNode result = Json.mapper().readTree(payload);
        String id = result.path("id").asText();
        Headers headers = new Headers().put("Nats-Msg-Id", id);
        var ack = fleet.jetStream().publish(subject(fleet.agentId(), result.path("assignment_id").asText(null)), headers,
                payload, PublishOptions.builder().messageId(id).expectedStream(STREAM).build());
        if (ack.isDuplicate()) {
            LOG.debug("Result {} was already in {}", id, STREAM);
        }
    }

    /** Creates the stream when missing; an agent without that right relies on it existing. */
    private void ensureStream() throws IOException {
        if (streamChecked) {
            return;
        }
        JetStreamManagement jsm = fleet.connection().jetStreamManagement();
        try {
            jsm.getStreamInfo(STREAM);
        } catch (IOException refused) {
            // a least-privilege agent may not look the stream up (the request times out): publish anyway
            LOG.debug("Cannot look up stream {} ({}); publishing anyway", STREAM, refused.toString());
        } catch (JetStreamApiException notThere) {
            try {
                jsm.addStream(StreamConfiguration.builder().name(STREAM).subjects(SUBJECT_PREFIX + ">")
                        .storageType(StorageType.File).duplicateWindow(DUPLICATE_WINDOW).build());
                LOG.info("Created stream {}", STREAM);
            } catch (JetStreamApiException e) {
                LOG.warn("Cannot create stream {} ({}); publishing anyway", STREAM, e.getMessage());
            }
        }
        streamChecked = true;
    }

    private void await(long ms) throws InterruptedException {
        synchronized (signal) {
            signal.wait(ms);
        }
    }
}
