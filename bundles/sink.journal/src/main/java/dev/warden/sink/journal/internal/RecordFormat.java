package dev.warden.sink.journal.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * One journal record: {@code [int length][int crc32(payload)][payload]}, big-endian, payload the
 * result as UTF-8 JSON. The CRC is what tells a record cut short by a crash, or damaged on disk,
 * from a good one.
 */
final class RecordFormat {

    static final int HEADER_BYTES = 8;

    /** Sanity bound on a length field; anything larger is a damaged header, not a record. */
    static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

    private RecordFormat() {
    }

    static ByteBuffer encode(byte[] payload) {
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buf.putInt(payload.length).putInt(crc(payload, 0, payload.length)).put(payload).flip();
        return buf;
    }

    static int crc(byte[] bytes, int offset, int length) {
        CRC32 crc = new CRC32();
        crc.update(bytes, offset, length);
        return (int) crc.getValue();
    }
}
