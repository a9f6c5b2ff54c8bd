package dev.warden.sink.journal.internal;

import dev.warden.api.dto.CheckResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The newest results in memory, per assignment and overall, so reads never touch the disk. Each
 * entry remembers its segment so results leave the index when retention deletes their file.
 * Only the newest {@link #LOGS_KEPT} results of an assignment keep their run logs in memory (a log
 * may be up to the engine's 64 KiB cap; a thousand of them per assignment would be tens of MiB);
 * older ones are held without logs. The journal on disk keeps every record whole.
 */
final class ResultIndex {

    static final int LOGS_KEPT = 10;

    private static final class Entry {
        final long segment;
        volatile CheckResult result;

        Entry(long segment, CheckResult result) {
            this.segment = segment;
            this.result = result;
        }

        long segment() {
            return segment;
        }

        CheckResult result() {
            return result;
        }

        void dropLogs() {
            CheckResult r = result;
            if (!r.logs().isEmpty()) {
                result = new CheckResult(r.id(), r.status(), r.summary(), r.perfdata(), r.metrics(), r.labels(),
                        r.observedAt(), r.pluginId(), r.pluginVersion(), r.assignmentId(), r.agentId(), r.stats(),
                        null);
            }
        }
    }

    private static final String NO_ASSIGNMENT = "";

    private final int maxPerAssignment;
    private final Map<String, ArrayDeque<Entry>> byAssignment = new HashMap<>();
    private final ArrayDeque<Entry> all = new ArrayDeque<>();

    ResultIndex(int maxPerAssignment) {
        this.maxPerAssignment = maxPerAssignment;
    }

    synchronized void add(long segment, CheckResult result) {
        Entry entry = new Entry(segment, result);
        push(all, entry);
        String key = result.assignmentId() == null ? NO_ASSIGNMENT : result.assignmentId();
        ArrayDeque<Entry> own = byAssignment.computeIfAbsent(key, k -> new ArrayDeque<>());
        push(own, entry);
        if (own.size() > LOGS_KEPT) {
            Iterator<Entry> it = own.iterator();
            for (int i = 0; i < LOGS_KEPT; i++) {
                it.next();
            }
            it.next().dropLogs();
        }
    }

    private void push(ArrayDeque<Entry> newestFirst, Entry entry) {
        newestFirst.addFirst(entry);
        while (newestFirst.size() > maxPerAssignment) {
            newestFirst.removeLast();
        }
    }

    synchronized List<CheckResult> latest(String assignmentId, int limit) {
        ArrayDeque<Entry> source = assignmentId == null ? all : byAssignment.get(assignmentId);
        if (source == null || limit <= 0) {
            return List.of();
        }
        List<CheckResult> out = new ArrayList<>(Math.min(limit, source.size()));
        for (Iterator<Entry> it = source.iterator(); it.hasNext() && out.size() < limit;) {
            out.add(it.next().result());
        }
        return out;
    }

    /** Forgets results stored in segments up to and including {@code segment}. */
    synchronized void dropSegmentsUpTo(long segment) {
        dropOldest(all, segment);
        byAssignment.values().removeIf(deque -> {
            dropOldest(deque, segment);
            return deque.isEmpty();
        });
    }

    private static void dropOldest(ArrayDeque<Entry> newestFirst, long segment) {
        while (!newestFirst.isEmpty() && newestFirst.peekLast().segment() <= segment) {
            newestFirst.removeLast();
        }
    }
}
