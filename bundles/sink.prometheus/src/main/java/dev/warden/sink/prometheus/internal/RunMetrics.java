package dev.warden.sink.prometheus.internal;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * What results add up to, per assignment and plugin. Every series of an assignment starts with the
 * labels {@code assignment, plugin}, so {@link #retainAssignments} can drop all of them at once when
 * the assignment goes away: the number of series follows the assignments that exist, not the ones
 * that ever existed.
 */
final class RunMetrics {

    /** 1 ms (a trivial check) up to 60 s (the longest timeout worth scheduling). */
    static final double[] DURATION_BUCKETS_SECONDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
        1, 2.5, 5, 10, 30, 60};

    private final Counter runs;
    private final Counter abnormal;
    private final Histogram duration;
    private final Counter cpu;
    private final Gauge memoryPeak;
    private final Counter egressBytes;
    private final Counter egressDenied;
    private final Counter hostCalls;
    private final Counter logDropped;
    private final Gauge checkStatus;
    private final Counter pluginRuns;
    /** The removeIf of every per-assignment metric (the client keeps their common base type package-private). */
    private final List<Consumer<Function<List<String>, Boolean>>> perAssignment;

    RunMetrics(PrometheusRegistry registry) {
        runs = Counter.builder().name("warden_runs_total")
                .help("Finished runs by the status of their result")
                .labelNames("assignment", "plugin", "status").withoutExemplars().register(registry);
        abnormal = Counter.builder().name("warden_run_abnormal_total")
                .help("Runs that ended abnormally (trap, timeout, memory cap, no or invalid result...), by reason")
                .labelNames("assignment", "plugin", "reason").withoutExemplars().register(registry);
        duration = Histogram.builder().name("warden_run_duration_seconds")
                .help("Wall-clock time of a run")
                .labelNames("assignment", "plugin").classicOnly().classicUpperBounds(DURATION_BUCKETS_SECONDS)
                .withoutExemplars().register(registry);
        cpu = Counter.builder().name("warden_run_cpu_seconds_total")
                .help("CPU time the runs used")
                .labelNames("assignment", "plugin").withoutExemplars().register(registry);
        memoryPeak = Gauge.builder().name("warden_run_memory_peak_bytes")
                .help("Peak linear memory of the latest run")
                .labelNames("assignment", "plugin").withoutExemplars().register(registry);
        egressBytes = Counter.builder().name("warden_egress_bytes_total")
                .help("Bytes the runs sent and received over the network")
                .labelNames("assignment", "plugin").withoutExemplars().register(registry);
        egressDenied = Counter.builder().name("warden_egress_denied_total")
                .help("Network calls the egress policy refused")
                .labelNames("assignment", "plugin").withoutExemplars().register(registry);
        hostCalls = Counter.builder().name("warden_host_calls_total")
                .help("Host function calls the runs made")
                .labelNames("assignment", "plugin").withoutExemplars().register(registry);
        logDropped = Counter.builder().name("warden_log_dropped_total")
                .help("Plugin log lines dropped over the per-run log budget")
                .labelNames("assignment", "plugin").withoutExemplars().register(registry);
        checkStatus = Gauge.builder().name("warden_check_status")
                .help("Status of the latest result: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN")
                .labelNames("assignment", "plugin").withoutExemplars().register(registry);
        pluginRuns = Counter.builder().name("warden_plugin_runs_total")
                .help("Finished runs of a plugin version, over all its assignments, by status")
                .labelNames("plugin", "version", "status").withoutExemplars().register(registry);
        perAssignment = List.of(runs::removeIf, abnormal::removeIf, duration::removeIf, cpu::removeIf,
                memoryPeak::removeIf, egressBytes::removeIf, egressDenied::removeIf, hostCalls::removeIf,
                logDropped::removeIf, checkStatus::removeIf);
    }

    void record(CheckResult result) {
        String plugin = text(result.pluginId());
        Status status = result.status() == null ? Status.UNKNOWN : result.status();
        pluginRuns.labelValues(plugin, text(result.pluginVersion()), status.name()).inc();
        if (result.assignmentId() == null) {
            return; // a run outside any assignment has no per-assignment series to keep bounded
        }
        String assignment = result.assignmentId();
        runs.labelValues(assignment, plugin, status.name()).inc();
        checkStatus.labelValues(assignment, plugin).set(status.ordinal());
        RunStats stats = result.stats();
        if (stats == null) {
            return;
        }
        if (stats.abnormalEnd() != null) {
            abnormal.labelValues(assignment, plugin, stats.abnormalEnd()).inc();
        }
        duration.labelValues(assignment, plugin).observe(seconds(stats.wallMs()));
        cpu.labelValues(assignment, plugin).inc(seconds(stats.cpuMs()));
        memoryPeak.labelValues(assignment, plugin).set(Math.max(0, stats.memoryPeakBytes()));
        egressBytes.labelValues(assignment, plugin).inc(Math.max(0, stats.egressBytes()));
        egressDenied.labelValues(assignment, plugin).inc(Math.max(0, stats.egressDenied()));
        hostCalls.labelValues(assignment, plugin).inc(Math.max(0, stats.hostCalls()));
        logDropped.labelValues(assignment, plugin).inc(Math.max(0, stats.logDropped()));
    }

    /**
     * Drops the series of every (assignment, plugin) pair not in {@code live}: assignments that
     * were deleted, and the old plugin of an assignment that now runs another one.
     */
    void retainAssignments(Set<List<String>> live) {
        Function<List<String>, Boolean> gone = labels -> !live.contains(labels.subList(0, 2));
        perAssignment.forEach(removeIf -> removeIf.accept(gone));
    }

    /** Drops the per-plugin series of every (plugin, version) pair not in {@code live}: uninstalled versions. */
    void retainPluginVersions(Set<List<String>> live) {
        pluginRuns.removeIf(labels -> !live.contains(labels.subList(0, 2)));
    }

    private static double seconds(long ms) {
        return Math.max(0, ms) / 1000.0;
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
