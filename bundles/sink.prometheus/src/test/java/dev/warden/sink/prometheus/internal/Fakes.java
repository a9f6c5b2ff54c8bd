package dev.warden.sink.prometheus.internal;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** Results, assignments and a scheduler to feed the sink in tests. */
final class Fakes {

    private Fakes() {
    }

    static CheckResult result(String assignment, String plugin, Status status, RunStats stats) {
        return new CheckResult("r-" + System.nanoTime(), status, "s", null, List.of(), Map.of(),
                "2024-01-01T00:00:00Z", plugin, "1.0.0", assignment, "agent-1", stats, List.of());
    }

    static RunStats stats(long wallMs, long cpuMs, long memoryPeak, long hostCalls, long egressBytes, long egressDenied,
            long logDropped, String abnormalEnd) {
        return new RunStats(wallMs, cpuMs, memoryPeak, hostCalls, egressBytes, egressDenied, 0, logDropped, abnormalEnd);
    }

    static Assignment assignment(String id, String plugin) {
        return new Assignment(id, plugin, null, 60_000, null, "{}", Grants.MANIFEST, Map.of(), true, "test");
    }

    static String scrape(PrometheusSink sink) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            sink.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static List<String> lines(String exposition) {
        return List.of(exposition.split("\n"));
    }

    /** A scheduler whose assignments, counters and per-assignment stats a test sets. */
    static class Runner implements AssignmentRunner {
        final List<Assignment> assignments = new CopyOnWriteArrayList<>();
        final List<AssignmentStats> perAssignment = new ArrayList<>();
        volatile ScheduleStats stats = new ScheduleStats(0, 0, 0, 0, 0);

        @Override
        public List<Assignment> assignments() {
            return List.copyOf(assignments);
        }

        @Override
        public Optional<Assignment> assignment(String id) {
            return assignments.stream().filter(a -> a.id().equals(id)).findFirst();
        }

        @Override
        public Optional<CheckResult> runNow(String assignmentId) {
            return Optional.empty();
        }

        @Override
        public ScheduleStats stats() {
            return stats;
        }

        @Override
        public List<AssignmentStats> assignmentStats() {
            return List.copyOf(perAssignment);
        }
    }
}
