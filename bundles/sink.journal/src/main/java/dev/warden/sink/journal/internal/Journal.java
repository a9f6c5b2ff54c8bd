package dev.warden.sink.journal.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.api.dto.CheckResult;
import dev.warden.common.Json;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only result log in numbered segment files. An append returns only once the record is
 * forced to disk, so an acknowledged result survives a killed process or a power cut; opening
 * rebuilds the in-memory index from the segments and cuts off a record torn by a crash.
 *
 * <p>Appends are serialised by one lock and each is forced on its own: simple and enough for a
 * scheduler's result rate (one fsync per finished run).
 */
final class Journal implements Closeable {

    /** Limits, already validated. */
    record Settings(long segmentBytes, int maxSegments, int maxResultsPerAssignment) {

        static Settings of(JournalConfig config) {
            long segmentBytes = Math.min(JournalPosition.MAX_SEGMENT_BYTES, Math.max(4096, config.segment__bytes()));
            return new Settings(segmentBytes, Math.max(2, config.max__segments()),
                    Math.max(1, config.max__results__per__assignment()));
        }
    }

    /**
     * Where a reader finds records at or after a position: one segment, the offset to begin at in
     * it, and the readable end ({@code limit}) — for the active segment the size of its last
     * complete record at the time of the snapshot, else -1 (the file's size: closed segments
     * never change).
     */
    record SegmentView(long seq, Path file, long offset, long limit, boolean active) {
    }

    /** What opening found on disk. */
    record Recovery(int segments, long records, long corrupt, long tornBytes) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Journal.class);
    private static final Pattern SEGMENT_NAME = Pattern.compile("segment-(\\d{20})\\.log");

    private final Path dir;
    private final Settings settings;
    private final ObjectMapper mapper = Json.mapper();
    private final ResultIndex index;
    private final TreeMap<Long, Path> segments = new TreeMap<>();
    private final Recovery recovery;

    private final Object appendLock = new Object();
    private FileChannel active;
    private long activeSeq;
    private long activeSize;
    private boolean closed;

    private Journal(Path dir, Settings settings) throws IOException {
        this.dir = dir;
        this.settings = settings;
        this.index = new ResultIndex(settings.maxResultsPerAssignment());
        Files.createDirectories(dir);
        this.recovery = load();
        enforceRetention();
        openActive();
    }

    static Journal open(Path dir, Settings settings) throws IOException {
        return new Journal(dir, settings);
    }

    Recovery recovery() {
        return recovery;
    }

    /** Writes and forces one result; when this returns normally the result is durable. */
    void append(CheckResult result) throws IOException {
        byte[] payload = mapper.writeValueAsBytes(result);
        if (payload.length > RecordFormat.MAX_PAYLOAD_BYTES) {
            throw new IOException("result of " + payload.length + " bytes exceeds the journal record limit");
        }
        ByteBuffer record = RecordFormat.encode(payload);
        synchronized (appendLock) {
            if (closed) {
                throw new IOException("journal is closed");
            }
            if (activeSize > 0 && activeSize + record.remaining() > settings.segmentBytes()) {
                roll();
            }
            long start = activeSize;
            try {
                long pos = start;
                while (record.hasRemaining()) {
                    pos += active.write(record, pos);
                }
                // fdatasync: also persists the grown file length, which the record needs to be found.
                active.force(false);
                activeSize = pos;
            } catch (IOException e) {
                discardPartial(start);
                throw e;
            }
            index.add(activeSeq, result);
        }
    }

    List<CheckResult> latest(String assignmentId, int limit) {
        return index.latest(assignmentId, limit);
    }

    /** Position of the first record of the oldest kept segment. */
    long start() {
        synchronized (appendLock) {
            return JournalPosition.of(segments.firstKey(), 0);
        }
    }

    /** Position just after the newest record. */
    long end() {
        synchronized (appendLock) {
            return JournalPosition.of(activeSeq, activeSize);
        }
    }

    /**
     * The segment holding records at or after {@code position}, or null when there are none yet. A
     * position before the oldest kept segment starts that segment; one at the end of a closed
     * segment continues with the next.
     */
    SegmentView segmentAt(long position) throws IOException {
        synchronized (appendLock) {
            long seq = JournalPosition.segment(position);
            long offset = JournalPosition.offset(position);
            Map.Entry<Long, Path> e = segments.ceilingEntry(seq);
            if (e == null) {
                return null;
            }
            if (e.getKey() != seq) {
                offset = 0;
            }
            if (e.getKey() == activeSeq) {
                return offset < activeSize ? new SegmentView(activeSeq, e.getValue(), offset, activeSize, true) : null;
            }
            if (offset >= Files.size(e.getValue())) {
                return segmentAt(JournalPosition.of(e.getKey() + 1, 0));
            }
            return new SegmentView(e.getKey(), e.getValue(), offset, -1, false);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (appendLock) {
            if (closed) {
                return;
            }
            closed = true;
            if (active != null) {
                active.close();
            }
        }
    }

    private Recovery load() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(f -> {
                Matcher m = SEGMENT_NAME.matcher(f.getFileName().toString());
                if (m.matches()) {
                    segments.put(Long.parseLong(m.group(1)), f);
                }
            });
        }
        long records = 0;
        long corrupt = 0;
        long torn = 0;
        for (Map.Entry<Long, Path> e : segments.entrySet()) {
            byte[] data = Files.readAllBytes(e.getValue());
            SegmentScanner.Scan scan = SegmentScanner.scan(data);
            corrupt += scan.corrupt();
            for (byte[] payload : scan.payloads()) {
                try {
                    index.add(e.getKey(), mapper.readValue(payload, CheckResult.class));
                    records++;
                } catch (IOException badJson) {
                    corrupt++;
                }
            }
            if (scan.validEnd() < data.length) {
                long tail = data.length - scan.validEnd();
                torn += tail;
                if (e.getKey().equals(segments.lastKey())) {
                    truncate(e.getValue(), scan.validEnd());
                    LOG.warn("Journal {}: torn record at the end ({} bytes) cut off; appending continues after the "
                            + "last intact record", e.getValue(), tail);
                } else {
                    // Older segments are never appended to again; their damaged tail is just not read.
                    corrupt++;
                    LOG.warn("Journal {}: {} damaged bytes at the end skipped", e.getValue(), tail);
                }
            }
        }
        if (corrupt > 0) {
            LOG.warn("Journal {}: skipped {} corrupt record(s)", dir, corrupt);
        }
        return new Recovery(segments.size(), records, corrupt, torn);
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
            ch.force(true);
        }
    }

    private void openActive() throws IOException {
        if (segments.isEmpty()) {
            createSegment(1);
            return;
        }
        activeSeq = segments.lastKey();
        active = FileChannel.open(segments.get(activeSeq), StandardOpenOption.WRITE);
        activeSize = active.size();
    }

    private void roll() throws IOException {
        active.force(true);
        active.close();
        active = null;
        createSegment(activeSeq + 1);
        enforceRetention();
    }

    private void createSegment(long seq) throws IOException {
        if (seq > JournalPosition.MAX_SEQUENCE) {
            throw new IOException("journal segment numbers exhausted in " + dir);
        }
        Path file = dir.resolve(String.format("segment-%020d.log", seq));
        active = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        activeSeq = seq;
        activeSize = 0;
        segments.put(seq, file);
        forceDirectory();
    }

    /** Makes a new segment's directory entry durable, or its records could vanish with it. */
    private void forceDirectory() {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force directory {} on this platform: {}", dir, e.toString());
        }
    }

    private void enforceRetention() throws IOException {
        while (segments.size() > settings.maxSegments()) {
            Map.Entry<Long, Path> oldest = segments.pollFirstEntry();
            Files.deleteIfExists(oldest.getValue());
            index.dropSegmentsUpTo(oldest.getKey());
            LOG.debug("Journal retention deleted {}", oldest.getValue());
        }
    }

    private void discardPartial(long start) {
        try {
            active.truncate(start);
        } catch (IOException e) {
            LOG.error("Journal: cannot cut off a failed append in segment {}; the next start will skip it",
                    activeSeq, e);
        }
    }
}
