package dev.warden.fleet.internal;

import dev.warden.api.dto.CheckResult;
import dev.warden.common.Json;
import io.nats.client.Connection;
import io.nats.client.ConsumerContext;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamStatusCheckedException;
import io.nats.client.Message;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The newest results in {@code WARDEN_RESULTS} for a subject filter, read backwards in windows of
 * stream sequences: the last {@code limit} sequences first, then windows four times as wide further
 * back, until enough results matched or the stream's start is reached. Each window is one
 * short-lived consumer filtered by subject, so the server skips what does not match and a small
 * limit never reads the whole stream.
 */
final class ResultHistory {

    static final int MAX_LIMIT = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(ResultHistory.class);
    private static final int BATCH = 256;
    private static final long GROWTH = 4;
    /** JetStream's "stream not found" error code. */
    private static final int STREAM_NOT_FOUND = 10059;
    private static final Duration CONSUMER_IDLE = Duration.ofSeconds(30);

    private final Connection connection;
    private final String stream;

    ResultHistory(Connection connection, String stream) {
        this.connection = connection;
        this.stream = stream;
    }

    /** Newest first; empty when the stream does not exist yet. */
    List<CheckResult> newest(String subjectFilter, int limit) throws IOException, JetStreamApiException, InterruptedException {
        int wanted = Math.max(1, Math.min(MAX_LIMIT, limit));
        JetStreamManagement jsm = connection.jetStreamManagement();
        StreamState state;
        try {
            state = jsm.getStreamInfo(stream).getStreamState();
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == STREAM_NOT_FOUND) {
                return List.of();
            }
            throw e;
        }
        if (state.getMsgCount() == 0) {
            return List.of();
        }
        long first = state.getFirstSequence();
        long end = state.getLastSequence() + 1;
        long window = wanted;
        Deque<Message> newestFirst = new ArrayDeque<>(wanted);
        while (newestFirst.size() < wanted && end > first) {
            long start = Math.max(first, end - window);
            List<Message> chunk = read(jsm, subjectFilter, start, end);
            for (int i = chunk.size() - 1; i >= 0 && newestFirst.size() < wanted; i--) {
                newestFirst.addLast(chunk.get(i));
            }
            end = start;
            window = Math.min(window * GROWTH, Long.MAX_VALUE / GROWTH);
        }
        List<CheckResult> out = new ArrayList<>(newestFirst.size());
        for (Message m : newestFirst) {
            try {
                out.add(Json.mapper().readValue(m.getData(), CheckResult.class));
            } catch (IOException e) {
                LOG.debug("Skipping an unreadable result on {} ({})", m.getSubject(), e.toString());
            }
        }
        return out;
    }

    /** The matching messages with {@code start <= sequence < end}, oldest first. */
    private List<Message> read(JetStreamManagement jsm, String filter, long start, long end)
            throws IOException, JetStreamApiException, InterruptedException {
        ConsumerInfo consumer = jsm.addOrUpdateConsumer(stream, ConsumerConfiguration.builder()
                .filterSubject(filter).deliverPolicy(DeliverPolicy.ByStartSequence).startSequence(start)
                .ackPolicy(AckPolicy.None).inactiveThreshold(CONSUMER_IDLE).memStorage(true).numReplicas(1).build());
        try {
            // counted at creation, before anything is delivered: exactly what there is to fetch
            long pending = consumer.getNumPending();
            if (pending == 0) {
                return List.of();
            }
            ConsumerContext context = connection.getConsumerContext(stream, consumer.getName());
            List<Message> out = new ArrayList<>();
            long received = 0;
            while (received < pending) {
                int batch = (int) Math.min(BATCH, pending - received);
                int got = 0;
                try (FetchConsumer fetch = context.fetch(FetchConsumeOptions.builder().maxMessages(batch).noWait().build())) {
                    Message m;
                    while ((m = fetch.nextMessage()) != null) {
                        got++;
                        long seq = m.metaData().streamSequence();
                        if (seq >= end) {
                            return out;
                        }
                        out.add(m);
                    }
                } catch (JetStreamStatusCheckedException e) {
                    throw new IOException("reading " + stream + " failed: " + e.getMessage(), e);
                } catch (Exception e) {
                    if (e instanceof IOException io) {
                        throw io;
                    }
                    if (e instanceof JetStreamApiException api) {
                        throw api;
                    }
                    if (e instanceof InterruptedException ie) {
                        throw ie;
                    }
                    throw new IOException("reading " + stream + " failed: " + e, e);
                }
                if (got == 0) {
                    break; // removed by limits or purged meanwhile
                }
                received += got;
            }
            return out;
        } finally {
            try {
                jsm.deleteConsumer(stream, consumer.getName());
            } catch (IOException | JetStreamApiException e) {
                LOG.debug("Leaving consumer {} to expire ({})", consumer.getName(), e.toString());
            }
        }
    }
}
