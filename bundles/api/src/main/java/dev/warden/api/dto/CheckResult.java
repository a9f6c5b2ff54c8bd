package dev.warden.api.dto;

import java.util.List;
import java.util.Map;

/**
 * A result as defined by {@code serviceradar.plugin_result.v1}, with the fields the host adds.
 *
 * @param id unique id of this result (the host assigns it; used to de-duplicate downstream)
 * @param observedAt ISO-8601 instant
 */
public record CheckResult(String id, Status status, String summary, String perfdata, List<Metric> metrics,
        Map<String, String> labels, String observedAt, String pluginId, String pluginVersion, String assignmentId,
        String agentId, RunStats stats, List<LogLine> logs) {

    public CheckResult {
        metrics = metrics == null ? List.of() : List.copyOf(metrics);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    /** The same result with another status and summary. */
    public CheckResult withStatus(Status newStatus, String newSummary) {
        return new CheckResult(id, newStatus, newSummary, perfdata, metrics, labels, observedAt, pluginId,
                pluginVersion, assignmentId, agentId, stats, logs);
    }
}
