package dev.warden.sink.prometheus.internal;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.dto.AssignmentStats;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's own counters and each assignment's backoff state, read from the
 * {@link AssignmentRunner} at scrape time: the scheduler keeps them, so nothing is copied or can go
 * stale here, and an assignment's series end with the assignment. Without a runner there are none.
 */
final class ScheduleCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleCollector.class);

    private final Supplier<AssignmentRunner> runner;

    ScheduleCollector(Supplier<AssignmentRunner> runner) {
        this.runner = runner;
    }

    @Override
    public MetricSnapshots collect() {
        AssignmentRunner r = runner.get();
        if (r == null) {
            return MetricSnapshots.of();
        }
        try {
            AssignmentRunner.ScheduleStats s = r.stats();
            List<AssignmentStats> perAssignment = r.assignmentStats();
            GaugeSnapshot.Builder backoff = GaugeSnapshot.builder().name("warden_assignment_backoff")
                    .help("1 while scheduled runs of the assignment are held back after repeated failures, else 0");
            GaugeSnapshot.Builder failures = GaugeSnapshot.builder().name("warden_assignment_consecutive_failures")
                    .help("Runs in a row that ended UNKNOWN or abnormally (0 after a success)");
            for (AssignmentStats a : perAssignment) {
                Labels labels = Labels.of("assignment", text(a.assignmentId()), "plugin", text(a.pluginId()));
                backoff.dataPoint(gauge(labels, a.backoffUntil() == null ? 0 : 1));
                failures.dataPoint(gauge(labels, a.consecutiveFailures()));
            }
            return MetricSnapshots.of(
                    counter("warden_scheduler_runs_started", "Scheduled runs started", s.started()),
                    counter("warden_scheduler_runs_skipped",
                            "Scheduled runs skipped because the previous run of the assignment was still going", s.skipped()),
                    counter("warden_scheduler_runs_late", "Scheduled runs that started late", s.late()),
                    GaugeSnapshot.builder().name("warden_scheduler_runs_in_flight").help("Runs going on now")
                            .dataPoint(gauge(Labels.EMPTY, s.inFlight())).build(),
                    GaugeSnapshot.builder().name("warden_scheduler_assignments").help("Assignments scheduled now")
                            .dataPoint(gauge(Labels.EMPTY, s.scheduled())).build(),
                    backoff.build(),
                    failures.build());
        } catch (RuntimeException e) {
            // a scrape must still answer with the run metrics when the scheduler misbehaves
            LOG.warn("Reading the scheduler statistics failed; leaving them out of this scrape", e);
            return MetricSnapshots.of();
        }
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }

    private static GaugeDataPointSnapshot gauge(Labels labels, double value) {
        return GaugeDataPointSnapshot.builder().labels(labels).value(value).build();
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
