package dev.warden.fleet.internal;

import dev.warden.api.ResultJournal;
import dev.warden.api.dto.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A result journal without the disk: position = the record's sequence number. What the publisher
 * has passed can be discarded, like retention, so a long run does not keep every result in memory.
 */
final class InMemoryJournal implements ResultJournal {

    /** Guarded by this; results.get(i) is at position start + i. */
    private final List<CheckResult> results = new ArrayList<>();
    private long start;

    synchronized void append(CheckResult result) {
        results.add(result);
    }

    /** Forgets the records before {@code position} (never past the end). */
    synchronized void discardBefore(long position) {
        int drop = (int) Math.min(results.size(), Math.max(0, position - start));
        results.subList(0, drop).clear();
        start += drop;
    }

    @Override
    public synchronized long start() {
        return start;
    }

    @Override
    public synchronized long end() {
        return start + results.size();
    }

    @Override
    public synchronized List<Entry> read(long from, int max) {
        long first = Math.max(from, start);
        List<Entry> out = new ArrayList<>(Math.min(max, results.size()));
        for (long p = first; p < end() && out.size() < max; p++) {
            out.add(new Entry(p, p + 1, results.get((int) (p - start))));
        }
        return out;
    }
}
