package dev.warden.sink.prometheus.internal;

import dev.warden.api.FleetStatus;
import dev.warden.api.dto.FleetHealth;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's standing in its fleet, read from {@link FleetStatus} at scrape time; no series while
 * the agent is not in a fleet. The backlog is what to alert on: it grows while results cannot reach
 * the broker and falls back to 0 when they drained.
 */
final class FleetCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(FleetCollector.class);

    private final Supplier<FleetStatus> fleet;

    FleetCollector(Supplier<FleetStatus> fleet) {
        this.fleet = fleet;
    }

    @Override
    public MetricSnapshots collect() {
        FleetStatus status = fleet.get();
        if (status == null) {
            return MetricSnapshots.of();
        }
        try {
            FleetHealth h = status.health();
            return MetricSnapshots.of(
                    gauge("warden_fleet_connected", "1 while the connection to the fleet broker is up", h.connected() ? 1 : 0),
                    gauge("warden_fleet_assignments_live",
                            "1 while the agent receives its assignments from the broker, 0 while it runs its last known set",
                            h.receivingAssignments() ? 1 : 0),
                    gauge("warden_fleet_config_revision", "The assignments-bucket revision the agent has applied",
                            h.configRevision()),
                    gauge("warden_fleet_result_backlog",
                            "Results in the local journal not yet acknowledged by the fleet's result stream (-1: unknown)",
                            h.resultBacklog()),
                    counter("warden_fleet_results_published", "Results acknowledged by the fleet's result stream",
                            h.resultsPublished()),
                    counter("warden_fleet_results_skipped",
                            "Results the journal's retention removed before they could be published", h.resultsSkipped()),
                    gauge("warden_fleet_refused_packages", "Fleet packages fetched and refused (hash, signature, validation)",
                            h.refusedPackages()),
                    gauge("warden_fleet_rejected_assignments",
                            "Fleet assignments not run because they fail the checks of a local assignment",
                            h.rejectedAssignments()));
        } catch (RuntimeException e) {
            LOG.warn("Reading the fleet status failed; leaving it out of this scrape", e);
            return MetricSnapshots.of();
        }
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeDataPointSnapshot.builder().value(value).build()).build();
    }

    private static CounterSnapshot counter(String name, String help, long value) {
        return CounterSnapshot.builder().name(name).help(help)
                .dataPoint(CounterDataPointSnapshot.builder().value(value).build()).build();
    }
}
