package dev.warden.fleet.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Results waiting to reach the broker, on disk so neither a broker outage nor an agent restart loses
 * them. {@code results.log} holds records {@code [int length][int crc32][payload]} (the journal's
 * format); {@code position} holds the offset of the first record not yet acknowledged. A record cut
 * short by a crash ends the readable log and is dropped with the next truncation. Once everything is
 * acknowledged the log is emptied, so it only grows while the broker is away.
 */
final class ResultOutbox implements AutoCloseable {

    static final int HEADER_BYTES = 8;
    static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    /** One pending record and the offset just after it. */
    record Entry(byte[] payload, long next) {
    }

    private final Path log;
    private final Path position;
    private final FileChannel channel;
    private long acked;

    ResultOutbox(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.log = dir.resolve("results.log");
        this.position = dir.resolve("position");
        this.channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.acked = readPosition();
        long end = validEnd(Math.min(acked, channel.size()));
        if (end < channel.size()) {
            channel.truncate(end);
        }
        if (acked > end) {
            acked = end;
        }
    }

    synchronized void append(byte[] payload) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buf.putInt(payload.length).putInt(crc(payload)).put(payload).flip();
        long at = channel.size();
        while (buf.hasRemaining()) {
            at += channel.write(buf, at);
        }
        channel.force(false);
    }

    /** Up to {@code max} records from the first unacknowledged one, in order. */
    synchronized List<Entry> pending(int max) throws IOException {
        List<Entry> out = new ArrayList<>();
        long at = acked;
        long size = channel.size();
        while (out.size() < max && at + HEADER_BYTES <= size) {
            byte[] payload = readAt(at, size);
            if (payload == null) {
                break;
            }
            at += HEADER_BYTES + payload.length;
            out.add(new Entry(payload, at));
        }
        return out;
    }

    /** Marks everything before {@code next} as delivered; empties the log when nothing is left. */
    synchronized void acknowledge(long next) throws IOException {
        acked = next;
        if (acked >= channel.size()) {
            channel.truncate(0);
            channel.force(true);
            acked = 0;
        }
        Path tmp = position.resolveSibling("position.tmp");
        Files.writeString(tmp, Long.toString(acked));
        Files.move(tmp, position, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    synchronized boolean isEmpty() throws IOException {
        return acked >= channel.size();
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    private long readPosition() throws IOException {
        if (!Files.isRegularFile(position)) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(Files.readString(position).trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The end of the last whole, intact record after {@code from}. */
    private long validEnd(long from) throws IOException {
        long at = from;
        long size = channel.size();
        while (at + HEADER_BYTES <= size) {
            byte[] payload = readAt(at, size);
            if (payload == null) {
                break;
            }
            at += HEADER_BYTES + payload.length;
        }
        return at;
    }

    private byte[] readAt(long at, long size) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        readFully(header, at);
        header.flip();
        int length = header.getInt();
        int crc = header.getInt();
        if (length < 0 || length > MAX_PAYLOAD_BYTES || at + HEADER_BYTES + length > size) {
            return null;
        }
        ByteBuffer body = ByteBuffer.allocate(length);
        readFully(body, at + HEADER_BYTES);
        byte[] payload = body.array();
        return crc(payload) == crc ? payload : null;
    }

    private void readFully(ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining()) {
            int n = channel.read(buf, at + buf.position());
            if (n < 0) {
                break;
            }
        }
    }

    private static int crc(byte[] payload) {
        CRC32 crc = new CRC32();
        crc.update(payload);
        return (int) crc.getValue();
    }
}
