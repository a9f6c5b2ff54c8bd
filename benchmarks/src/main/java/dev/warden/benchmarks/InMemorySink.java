package dev.warden.benchmarks;

import dev.warden.api.ResultSink;
import dev.warden.api.dto.CheckResult;
import java.util.ArrayDeque;

/** Keeps the newest results in memory, like a journal without the disk, so recording costs what a sink costs. */
final class InMemorySink implements ResultSink {

    private final int capacity;
    private final ArrayDeque<CheckResult> results;
    private long published;

    InMemorySink(int capacity) {
        this.capacity = capacity;
        this.results = new ArrayDeque<>(capacity);
    }

    @Override
    public synchronized void publish(CheckResult result) {
        if (results.size() == capacity) {
            results.removeFirst();
        }
        results.addLast(result);
        published++;
    }

    synchronized long published() {
        return published;
    }

    synchronized CheckResult newest() {
        return results.peekLast();
    }
}
