package dev.warden.sink.journal.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a segment's bytes into intact records. A damaged region is skipped by searching for the
 * next offset that holds a complete record with a matching CRC; what cannot be resynchronised at
 * the end of the data is reported as the torn tail, which only a crash during an append leaves.
 */
final class SegmentScanner {

    /**
     * @param payloads intact record payloads in file order
     * @param corrupt damaged regions skipped between intact records
     * @param validEnd offset just past the last intact record or skipped region; bytes beyond it are the torn tail
     */
    record Scan(List<byte[]> payloads, int corrupt, int validEnd) {
    }

    private SegmentScanner() {
    }

    static Scan scan(byte[] data) {
        List<byte[]> payloads = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(data);
        int corrupt = 0;
        int pos = 0;
        while (pos < data.length) {
            if (isRecordAt(data, buf, pos)) {
                int length = buf.getInt(pos);
                byte[] payload = new byte[length];
                System.arraycopy(data, pos + RecordFormat.HEADER_BYTES, payload, 0, length);
                payloads.add(payload);
                pos += RecordFormat.HEADER_BYTES + length;
                continue;
            }
            int next = nextRecord(data, buf, pos + 1);
            if (next < 0) {
                break;
            }
            corrupt++;
            pos = next;
        }
        return new Scan(payloads, corrupt, pos);
    }

    /** Payload length of the intact record at {@code pos}, or -1 when there is none (damaged or cut short). */
    static int recordAt(byte[] data, int pos) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        return isRecordAt(data, buf, pos) ? buf.getInt(pos) : -1;
    }

    /** Offset of the first intact record at or after {@code from}, or -1: how recovery resynchronises. */
    static int nextRecord(byte[] data, int from) {
        return nextRecord(data, ByteBuffer.wrap(data), from);
    }

    private static int nextRecord(byte[] data, ByteBuffer buf, int from) {
        for (int p = from; p <= data.length - RecordFormat.HEADER_BYTES; p++) {
            if (isRecordAt(data, buf, p)) {
                return p;
            }
        }
        return -1;
    }

    private static boolean isRecordAt(byte[] data, ByteBuffer buf, int pos) {
        if (data.length - pos < RecordFormat.HEADER_BYTES) {
            return false;
        }
        int length = buf.getInt(pos);
        int start = pos + RecordFormat.HEADER_BYTES;
        if (length <= 0 || length > RecordFormat.MAX_PAYLOAD_BYTES || length > data.length - start) {
            return false;
        }
        // Cheap checks first: while resynchronising, most offsets fail here without a CRC pass.
        if (data[start] != '{' || data[start + length - 1] != '}') {
            return false;
        }
        return RecordFormat.crc(data, start, length) == buf.getInt(pos + 4);
    }
}
