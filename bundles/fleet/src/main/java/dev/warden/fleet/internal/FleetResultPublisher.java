package dev.warden.fleet.internal;

import dev.warden.api.ResultJournal;
import dev.warden.api.ResultSink;
import dev.warden.api.dto.CheckResult;
import dev.warden.common.Json;
import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the local result journal and publishes every result to the {@code WARDEN_RESULTS}
 * stream, subject {@code warden.results.<agent-id>.<assignment-id>}, with {@code Nats-Msg-Id} = the
 * result id. The journal is the outbox: a result is durable on disk before it is published, and the
 * publisher only keeps its place ({@link ResultCursor}, {@code data/fleet/results.cursor}), moved
 * after each acknowledged batch. A crash between an acknowledgement and the cursor update sends
 * those results again and the stream's duplicate window drops the repeats: never lost, never
 * duplicated. One thread publishes in journal order; while the broker is away it only counts the
 * backlog, and it drains in order when the connection is back.
 *
 * <p>It stays registered as a {@link ResultSink} only to be woken when a result is produced; a 1 s
 * poll covers a result that is journalled just after that wake-up.
 */
@Component(service = {ResultSink.class, FleetResultPublisher.class})
public final class FleetResultPublisher implements ResultSink {

    static final String STREAM = "WARDEN_RESULTS";
    static final String SUBJECT_PREFIX = "warden.results.";
    static final Duration DUPLICATE_WINDOW = Duration.ofMinutes(10);
    static final String CURSOR_FILE = "results.cursor";

    private static final Logger LOG = LoggerFactory.getLogger(FleetResultPublisher.class);
    private static final int BATCH = 128;
    /** Batches counted per round while the broker is away, so a reconnect is noticed between rounds. */
    private static final int COUNT_BATCHES_PER_ROUND = 8;
    private static final long POLL_MS = 1_000;
    /** A wake-up can precede the journal's own append of the same result (sinks run in turn). */
    private static final long RECHECK_MS = 50;
    private static final long BACKOFF_MIN_MS = 500;
    private static final long BACKOFF_MAX_MS = 30_000;

    private final FleetConnection fleet;
    private final ResultJournal journal;
    private final ResultCursor cursorFile;
    private final Thread publisher;
    private final Runnable onReconnect = this::reconnected;
    private final Object signal = new Object();
    private boolean woken; // guarded by signal
    private boolean agentIdChecked; // publisher thread only
    private volatile boolean reconnected;
    private volatile boolean running = true;

    // Owned by the publisher thread; others read the volatile snapshots below.
    private long cursor;
    private final PendingResults pending;

    private volatile long cursorSnapshot;
    private volatile long backlogSnapshot;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();

    @Activate
    public FleetResultPublisher(@Reference(name = "fleet") FleetConnection fleet,
            @Reference(name = "journal") ResultJournal journal) throws IOException {
        this.fleet = fleet;
        this.journal = journal;
        this.cursorFile = new ResultCursor(fleet.settings().dataDir().resolve(CURSOR_FILE));
        this.cursor = initialCursor();
        this.cursorSnapshot = cursor;
        this.pending = new PendingResults(cursor);
        fleet.onConnected(onReconnect);
        this.publisher = new Thread(this::run, "warden-fleet-results");
        publisher.setDaemon(true);
        publisher.start();
    }

    @Deactivate
    void deactivate() {
        running = false;
        fleet.removeHook(onReconnect);
        wake();
        try {
            // Not interrupted at once: an interrupt closes the cursor file's channel mid-write. A
            // publish in flight ends within the client's request timeout.
            publisher.join(5_000);
            if (publisher.isAlive()) {
                publisher.interrupt();
                publisher.join(2_000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        cursorFile.close();
    }

    /** Only a wake-up: the journal sink stores the result, this publisher reads it from there. */
    @Override
    public void publish(CheckResult result) {
        wake();
    }

    /** Results known to be in the journal and not yet published (counted as they are read; an estimate while draining). */
    long backlog() {
        return backlogSnapshot;
    }

    /** Results acknowledged by the stream since activation (duplicates the stream dropped included). */
    long published() {
        return published.get();
    }

    /** Results deleted by journal retention before they could be published, as far as they were counted. */
    long skipped() {
        return skipped.get();
    }

    /** The position of the next result to publish. */
    long cursor() {
        return cursorSnapshot;
    }

    /** True when everything journalled so far has been acknowledged by the stream. */
    boolean drained() {
        return journal.read(cursorSnapshot, 1).isEmpty();
    }

    static String subject(String agentId, String assignmentId) {
        String token = assignmentId == null || assignmentId.isBlank() ? "_" : assignmentId.replaceAll("[^A-Za-z0-9_-]", "_");
        return SUBJECT_PREFIX + agentId + "." + token;
    }

    private long initialCursor() throws IOException {
        OptionalLong stored;
        try {
            stored = cursorFile.load();
        } catch (IOException damaged) {
            LOG.warn("Fleet results: {}; starting again at the end of the journal", damaged.getMessage());
            stored = OptionalLong.empty();
        }
        if (stored.isPresent()) {
            LOG.info("Fleet results: publishing from journal position {} ({})", stored.getAsLong(), cursorFile.file());
            return stored.getAsLong();
        }
        long end = journal.end();
        // History stays in the local journal; flooding the stream with it would only repeat old news.
        LOG.info("Fleet results: no cursor at {}; publishing starts with results journalled from now on "
                + "(position {}), earlier ones stay local", cursorFile.file(), end);
        cursorFile.store(end);
        return end;
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void reconnected() {
        reconnected = true;
        wake();
    }

    private void run() {
        try {
            publishLoop();
        } catch (RuntimeException | Error e) {
            LOG.error("Fleet result publisher stopped; results stay in the local journal until it is restarted", e);
            throw e;
        }
    }

    private void publishLoop() {
        long backoff = BACKOFF_MIN_MS;
        boolean recheck = false;
        while (running) {
            try {
                if (reconnected) {
                    reconnected = false;
                    backoff = BACKOFF_MIN_MS;
                }
                skipDeleted();
                boolean more;
                if (fleet.connected()) {
                    more = publishBatch();
                } else {
                    more = countAhead();
                }
                backoff = BACKOFF_MIN_MS;
                if (!more) {
                    recheck = await(recheck ? RECHECK_MS : POLL_MS);
                }
            } catch (InterruptedException e) {
                break;
            } catch (Exception e) {
                if (!running) {
                    break;
                }
                if (backoff == BACKOFF_MIN_MS) {
                    LOG.warn("Fleet results not delivered ({}); retrying with backoff", e.toString());
                } else {
                    LOG.debug("Fleet results still not delivered ({}); retrying in {} ms", e.toString(), backoff);
                }
                try {
                    await(backoff);
                } catch (InterruptedException ie) {
                    break;
                }
                backoff = Math.min(BACKOFF_MAX_MS, backoff * 2);
            }
        }
        Thread.interrupted(); // so the last store is not cut off by the interrupt that ended the loop
        storeCursor();
    }

    /**
     * Publishes up to one batch from the cursor, each result acknowledged before the next is sent,
     * then stores the cursor. Returns whether more may be waiting.
     */
    private boolean publishBatch() throws IOException, JetStreamApiException {
        long end = journal.end();
        List<ResultJournal.Entry> batch = journal.read(cursor, BATCH);
        if (batch.isEmpty()) {
            // Nothing up to end(): skip a segment boundary or damaged bytes so the cursor stays on a record.
            if (cursor < end) {
                moveTo(end);
                storeCursor();
            }
            return false;
        }
        moveTo(batch.get(0).position());
        pending.counted(batch);
        boolean sentAny = false;
        try {
            for (ResultJournal.Entry entry : batch) {
                if (!running) {
                    break;
                }
                send(entry.result());
                sentAny = true;
                // never backwards: retention may have moved the cursor past a record read just before
                cursor = Math.max(cursor, entry.next());
                mark();
                pending.published(entry);
                published.incrementAndGet();
            }
        } finally {
            if (sentAny) {
                storeCursor();
            }
            snapshot();
        }
        return batch.size() == BATCH;
    }

    /** While the broker is away: count what waits, so the backlog is known. Returns whether more may be waiting. */
    private boolean countAhead() {
        long end = journal.end();
        long from = Math.max(cursor, pending.ahead());
        for (int round = 0; round < COUNT_BATCHES_PER_ROUND; round++) {
            List<ResultJournal.Entry> got = journal.read(from, BATCH);
            boolean atCursor = pending.records() == 0 && from == cursor;
            if (got.isEmpty()) {
                if (atCursor && cursor < end) {
                    moveTo(end);
                    storeCursor();
                }
                snapshot();
                return false;
            }
            if (atCursor) {
                moveTo(got.get(0).position());
            }
            pending.counted(got);
            from = got.get(got.size() - 1).next();
        }
        snapshot();
        return true;
    }

    /** Retention outran an outage: records before the journal's start are gone; go on from there. */
    private void skipDeleted() {
        long start = journal.start();
        if (cursor >= start) {
            return;
        }
        boolean allCounted = pending.ahead() >= start;
        long from = cursor;
        PendingResults.Dropped lost = pending.dropBefore(start);
        cursor = start;
        storeCursor();
        reportSkip(from, start, lost, allCounted);
    }

    /**
     * Moves the cursor forward over positions where the journal holds no record any more (a segment
     * boundary, damaged bytes, or records retention deleted just now, which are reported as skipped).
     */
    private void moveTo(long position) {
        if (position <= cursor) {
            return;
        }
        long from = cursor;
        PendingResults.Dropped lost = pending.dropBefore(position);
        cursor = position;
        if (lost.records() > 0) {
            snapshot();
            reportSkip(from, position, lost, true);
        }
    }

    private void reportSkip(long from, long to, PendingResults.Dropped lost, boolean allCounted) {
        skipped.addAndGet(lost.records());
        if (!allCounted) {
            LOG.warn("Fleet results: journal retention deleted results before they were published (journal "
                    + "positions {} to {}): {} counted ({} byte(s)) and an unknown number deleted before this publisher "
                    + "counted them — they are lost to the stream; publishing continues from the oldest kept result",
                    from, to, lost.records(), lost.units());
        } else if (lost.records() > 0) {
            LOG.warn("Fleet results: journal retention deleted {} result(s) ({} byte(s)) before they were published "
                    + "(journal positions {} to {}) — they are lost to the stream; publishing continues from the "
                    + "oldest kept result", lost.records(), lost.units(), from, to);
        } else {
            LOG.debug("Fleet results: cursor {} moved to journal start {}; nothing unpublished was deleted", from, to);
        }
    }

    private void send(CheckResult result) throws IOException, JetStreamApiException {
        if (!agentIdChecked && result.agentId() != null) {
            agentIdChecked = true;
            if (!result.agentId().equals(fleet.agentId())) {
                LOG.warn("Results carry agent id '{}' (dev.warden.scheduler agent_id) but this agent is '{}' in the fleet"
                        + " (subjects warden.results.{}.*): set the same agent_id in both", result.agentId(),
                        fleet.agentId(), fleet.agentId());
            }
        }
        byte[] payload = Json.mapper().writeValueAsBytes(result);
        String subject = subject(fleet.agentId(), result.assignmentId());
        PublishOptions.Builder options = PublishOptions.builder().expectedStream(STREAM);
        if (result.id() != null && !result.id().isBlank()) {
            options.messageId(result.id());
        }
        PublishAck ack;
        try {
            ack = fleet.jetStream().publish(subject, payload, options.build());
        } catch (IOException e) {
            // No stream listens on the subject: create it if this user may, then try once more. The
            // stream is not looked up beforehand: a least-privilege agent may not read its info.
            if (!String.valueOf(e.getMessage()).contains("No Responders") || !createStream()) {
                throw e;
            }
            ack = fleet.jetStream().publish(subject, payload, options.build());
        }
        if (ack.isDuplicate()) {
            LOG.debug("Result {} was already in {}", result.id(), STREAM);
        }
    }

    /** Creates the results stream; false when this agent may not (the operator creates it). */
    private boolean createStream() {
        try {
            Buckets.resultsStream(fleet.connection());
            LOG.info("Stream {} is there now", STREAM);
            return true;
        } catch (IOException | JetStreamApiException refused) {
            LOG.warn("Stream {} does not exist and this agent may not create it ({}); the fleet operator creates it",
                    STREAM, refused.toString());
            return false;
        }
    }

    private void mark() {
        try {
            cursorFile.mark(cursor);
        } catch (IOException e) {
            LOG.debug("Fleet results: cannot mark the cursor ({})", e.toString());
        }
    }

    private void storeCursor() {
        try {
            cursorFile.store(cursor);
        } catch (IOException e) {
            // the next batch stores it again; until then a restart resends, and the stream drops the repeats
            LOG.warn("Fleet results: cannot store the cursor in {} ({})", cursorFile.file(), e.toString());
        }
        snapshot();
    }

    private void snapshot() {
        cursorSnapshot = cursor;
        backlogSnapshot = pending.records();
    }

    /** Waits for a wake-up or the timeout; returns whether a wake-up ended it. */
    private boolean await(long ms) throws InterruptedException {
        synchronized (signal) {
            if (!woken) {
                signal.wait(ms);
            }
            boolean wasWoken = woken;
            woken = false;
            return wasWoken;
        }
    }
}
