package dev.warden.sink.journal.internal;

/**
 * How a {@link dev.warden.api.ResultJournal} position is built: the segment's sequence number in the
 * high bits, the byte offset of a record inside that segment in the low {@value #OFFSET_BITS} bits.
 * Segment numbers only grow (a new segment takes the next number, retention removes the lowest and a
 * restart continues with the highest on disk), so positions increase across rolls, restarts and
 * retention without any extra bookkeeping on disk. Offsets stay far below 2^40 because segments are
 * capped at {@link #MAX_SEGMENT_BYTES} (plus one oversized record); sequences must stay below 2^23
 * to keep positions positive, which at the smallest allowed segment size is 32 GiB of results.
 */
final class JournalPosition {

    static final int OFFSET_BITS = 40;
    static final long MAX_SEQUENCE = (1L << (63 - OFFSET_BITS)) - 1;
    static final long MAX_SEGMENT_BYTES = 1L << 30;
    private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;

    private JournalPosition() {
    }

    static long of(long segment, long offset) {
        return (segment << OFFSET_BITS) | offset;
    }

    static long segment(long position) {
        return position >>> OFFSET_BITS;
    }

    static long offset(long position) {
        return position & OFFSET_MASK;
    }
}
