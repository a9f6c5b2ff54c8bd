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
 */
final class ResultIndex {

    private record Entry(long segment, CheckResult result) {
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
        push(byAssignment.computeIfAbsent(key, k -> new ArrayDeque<>()), entry);
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
