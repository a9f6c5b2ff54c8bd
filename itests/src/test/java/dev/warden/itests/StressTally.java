package dev.warden.itests;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

import dev.warden.api.ResultSink;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.RunStats;

/**
 * A result sink for the stress test: keeps when each result of the healthy assignment was
 * observed and only counts the hostile ones (keeping those would itself grow the heap the test
 * measures). Called on the scheduler's worker threads, so it stays lock-free and cheap.
 */
final class StressTally implements ResultSink {

    private final String healthyId;
    private final List<Instant> healthy = new CopyOnWriteArrayList<>();
    private final List<String> healthyCosts = new CopyOnWriteArrayList<>();
    private final LongAdder hostile = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final Map<String, LongAdder> endings = new ConcurrentHashMap<>();
    private volatile CheckResult lastUnhealthy;

    StressTally(String healthyId) {
        this.healthyId = healthyId;
    }

    @Override
    public void publish(CheckResult result) {
        if (healthyId.equals(result.assignmentId())) {
            healthy.add(Instant.parse(result.observedAt()));
            RunStats st = result.stats();
            healthyCosts.add(result.observedAt().substring(11) + (st == null ? "" : " wall=" + st.wallMs() + " cpu="
                    + st.cpuMs() + (st.abnormalEnd() == null ? "" : " " + st.abnormalEnd())));
            if (result.stats() != null && result.stats().abnormalEnd() != null) {
                lastUnhealthy = result;
            }
            return;
        }
        hostile.increment();
        RunStats stats = result.stats();
        String ending = stats == null || stats.abnormalEnd() == null ? "none:" + result.status() : stats.abnormalEnd();
        endings.computeIfAbsent(ending, k -> new LongAdder()).increment();
        String summary = result.summary() == null ? "" : result.summary().toLowerCase(Locale.ROOT);
        if (ending.contains("abandon") || summary.contains("ignored interruption") || summary.contains("abandon")) {
            abandoned.increment();
        }
    }

    /** Observation instants of the healthy assignment's results, in arrival order. */
    List<Instant> healthyObservations() {
        return new ArrayList<>(healthy);
    }

    /** When each healthy result was observed and what its run cost, for the printed figures. */
    List<String> healthyCosts() {
        return new ArrayList<>(healthyCosts);
    }

    /** A healthy result that ended abnormally, if any did. */
    CheckResult lastUnhealthy() {
        return lastUnhealthy;
    }

    long hostileRuns() {
        return hostile.sum();
    }

    long abandoned() {
        return abandoned.sum();
    }

    long ending(String abnormalEnd) {
        LongAdder n = endings.get(abnormalEnd);
        return n == null ? 0 : n.sum();
    }

    /** Hostile results by abnormal end ({@code none:<status>} for a normal end), sorted by name. */
    Map<String, Long> endings() {
        Map<String, Long> out = new TreeMap<>();
        endings.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
