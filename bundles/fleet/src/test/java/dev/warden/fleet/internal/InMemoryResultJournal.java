package dev.warden.fleet.internal;

import dev.warden.api.ResultJournal;
import dev.warden.api.dto.CheckResult;
import java.util.ArrayList;
import java.util.List;

/**
 * A journal in memory whose retention the test controls: record {@code i} sits at position
 * {@code 1000 + 100 i}, and {@link #deleteOldest} moves {@link #start()} past records as retention
 * would.
 */
final class InMemoryResultJournal implements ResultJournal {

    static final long BASE = 1000;
    static final long RECORD = 100;

    private final List<CheckResult> records = new ArrayList<>();
    private int deleted;

    synchronized void append(CheckResult result) {
        records.add(result);
    }

    synchronized void deleteOldest(int count) {
        deleted = Math.min(records.size(), deleted + count);
    }

    static long position(int index) {
        return BASE + RECORD * index;
    }

    @Override
    public synchronized long start() {
        return position(deleted);
    }

    @Override
    public synchronized long end() {
        return position(records.size());
    }

    @Override
    public synchronized List<Entry> read(long from, int max) {
        int first = (int) Math.max(deleted, (Math.max(0, from - BASE) + RECORD - 1) / RECORD);
        List<Entry> out = new ArrayList<>();
        for (int i = first; i < records.size() && out.size() < max; i++) {
            out.add(new Entry(position(i), position(i + 1), records.get(i)));
        }
        return out;
    }
}
