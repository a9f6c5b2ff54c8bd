package dev.warden.sink.journal.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.api.ResultJournal;
import dev.warden.api.dto.CheckResult;
import dev.warden.common.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the journal's records from disk in the order they were written, for a forwarder that keeps
 * its own position. It sees only what {@link Journal#segmentAt} reports as complete, so a record
 * being appended at the same moment is never returned half-written; damaged records are skipped
 * exactly as recovery skips them. Reads go through a window of the segment, grown only for a record
 * larger than it or to resynchronise past damage.
 */
final class JournalReader {

    private static final Logger LOG = LoggerFactory.getLogger(JournalReader.class);
    static final int WINDOW_BYTES = 256 * 1024;

    private final Journal journal;
    private final ObjectMapper mapper = Json.mapper();

    JournalReader(Journal journal) {
        this.journal = journal;
    }

    List<ResultJournal.Entry> read(long from, int max) throws IOException {
        List<ResultJournal.Entry> out = new ArrayList<>(Math.min(Math.max(max, 0), 256));
        long position = from;
        while (out.size() < max) {
            Journal.SegmentView segment = journal.segmentAt(position);
            if (segment == null) {
                break;
            }
            long stopped;
            try {
                stopped = readSegment(segment, max, out);
            } catch (NoSuchFileException deleted) {
                // retention removed the segment before it could be opened: go on with the oldest kept one
                LOG.debug("Journal segment {} deleted while being read", segment.file());
                position = Math.max(JournalPosition.of(segment.seq() + 1, 0), journal.start());
                continue;
            }
            if (segment.active() || out.size() >= max) {
                break;
            }
            position = JournalPosition.of(segment.seq(), stopped);
        }
        return out;
    }

    /** Appends the segment's records from its offset to {@code out}; returns the offset where it stopped. */
    private long readSegment(Journal.SegmentView segment, int max, List<ResultJournal.Entry> out) throws IOException {
        try (FileChannel ch = FileChannel.open(segment.file(), StandardOpenOption.READ)) {
            long limit = segment.active() ? segment.limit() : ch.size();
            long at = segment.offset();
            long window = WINDOW_BYTES;
            while (out.size() < max && at < limit) {
                int wanted = (int) Math.min(limit - at, window);
                byte[] data = readAt(ch, at, wanted);
                boolean complete = at + data.length >= limit || data.length < wanted;
                int p = 0;
                while (out.size() < max && p < data.length) {
                    int length = SegmentScanner.recordAt(data, p);
                    if (length >= 0) {
                        add(out, segment.seq(), at + p, data, p, length);
                        p += RecordFormat.HEADER_BYTES + length;
                    } else if (!complete) {
                        break;
                    } else {
                        int next = SegmentScanner.nextRecord(data, p + 1);
                        LOG.debug("Journal {}: damaged bytes at offset {} skipped", segment.file(), at + p);
                        p = next < 0 ? data.length : next;
                    }
                }
                if (p == 0 && !complete) {
                    // The record here does not fit the window: a large one, or damage to resynchronise past.
                    int claimed = data.length >= RecordFormat.HEADER_BYTES ? ByteBuffer.wrap(data).getInt(0) : -1;
                    boolean plausible = claimed > 0 && claimed <= RecordFormat.MAX_PAYLOAD_BYTES
                            && RecordFormat.HEADER_BYTES + (long) claimed > data.length;
                    window = plausible ? RecordFormat.HEADER_BYTES + (long) claimed : limit - at;
                    continue;
                }
                at += p;
                window = WINDOW_BYTES;
            }
            return at;
        }
    }

    private void add(List<ResultJournal.Entry> out, long seq, long offset, byte[] data, int p, int length) {
        long position = JournalPosition.of(seq, offset);
        long next = JournalPosition.of(seq, offset + RecordFormat.HEADER_BYTES + length);
        try {
            CheckResult result = mapper.readValue(data, p + RecordFormat.HEADER_BYTES, length, CheckResult.class);
            out.add(new ResultJournal.Entry(position, next, result));
        } catch (IOException badJson) {
            // recovery counts such a record as corrupt and leaves it out of the index; so does reading
            LOG.debug("Journal record at {} is not a result: {}", position, badJson.toString());
        }
    }

    private static byte[] readAt(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) {
                break;
            }
        }
        if (buf.position() == length) {
            return buf.array();
        }
        byte[] shorter = new byte[buf.position()];
        System.arraycopy(buf.array(), 0, shorter, 0, shorter.length);
        return shorter;
    }
}
