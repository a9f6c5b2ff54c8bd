package dev.warden.fleet.internal;

import dev.warden.api.ResultJournal;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The journal records the publisher has already counted but not yet published: those between its
 * cursor and the furthest record it has read ({@link #ahead()}). They are kept as runs of adjacent
 * records (each record's position is the previous one's next), so a run never spans a gap in the
 * journal such as a segment boundary: retention removes whole runs, and what it removed before they
 * were published can be told in records and in position units (bytes in the journal bundle).
 *
 * <p>Used by the publisher thread only; readers of the counts go through the publisher's own
 * volatile snapshot.
 */
final class PendingResults {

    private record Run(long first, long next, long records) {
    }

    /** Records (and position units) forgotten without being published. */
    record Dropped(long records, long units) {
    }

    private final ArrayDeque<Run> runs = new ArrayDeque<>();
    private long ahead;
    private long records;

    PendingResults(long cursor) {
        this.ahead = cursor;
    }

    /** Position just after the furthest record counted. */
    long ahead() {
        return ahead;
    }

    /** Records counted and not yet published or dropped. */
    long records() {
        return records;
    }

    /** Counts entries read in journal order; entries before {@link #ahead()} are already counted. */
    void counted(List<ResultJournal.Entry> entries) {
        for (ResultJournal.Entry e : entries) {
            if (e.position() < ahead) {
                continue;
            }
            Run last = runs.peekLast();
            if (last != null && last.next() == e.position()) {
                runs.pollLast();
                runs.addLast(new Run(last.first(), e.next(), last.records() + 1));
            } else {
                runs.addLast(new Run(e.position(), e.next(), 1));
            }
            ahead = e.next();
            records++;
        }
    }

    /** The entry reached the stream: it leaves the count. */
    void published(ResultJournal.Entry e) {
        Run first = runs.peekFirst();
        if (first != null && first.first() == e.position()) {
            runs.pollFirst();
            if (first.records() > 1) {
                runs.addFirst(new Run(e.next(), first.next(), first.records() - 1));
            }
            records--;
        }
        ahead = Math.max(ahead, e.next());
    }

    /**
     * The cursor jumps to {@code position} without publishing what lies before it: forgets the
     * counted records there and returns how many. A run cut in the middle (not expected: retention
     * removes whole segments) is estimated by its share of position units.
     */
    Dropped dropBefore(long position) {
        long droppedRecords = 0;
        long droppedUnits = 0;
        while (!runs.isEmpty() && runs.peekFirst().first() < position) {
            Run r = runs.pollFirst();
            if (r.next() <= position) {
                droppedRecords += r.records();
                droppedUnits += r.next() - r.first();
                continue;
            }
            long units = position - r.first();
            long cut = Math.min(r.records() - 1, Math.max(0, r.records() * units / (r.next() - r.first())));
            droppedRecords += cut;
            droppedUnits += units;
            runs.addFirst(new Run(position, r.next(), r.records() - cut));
            break;
        }
        records -= droppedRecords;
        ahead = Math.max(ahead, position);
        return new Dropped(droppedRecords, droppedUnits);
    }
}
