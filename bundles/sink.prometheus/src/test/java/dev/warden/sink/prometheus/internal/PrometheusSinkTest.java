package dev.warden.sink.prometheus.internal;

import static dev.warden.sink.prometheus.internal.Fakes.assignment;
import static dev.warden.sink.prometheus.internal.Fakes.lines;
import static dev.warden.sink.prometheus.internal.Fakes.result;
import static dev.warden.sink.prometheus.internal.Fakes.scrape;
import static dev.warden.sink.prometheus.internal.Fakes.stats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.api.AssignmentRunner.ScheduleStats;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PrometheusSinkTest {

    private final PrometheusSink sink = new PrometheusSink("1.2.3", "host-x");

    @Test
    void resultsBecomeRunCountersStatusAndCostLines() {
        sink.publish(result("a1", "ping", Status.OK, stats(12, 3, 65_536, 4, 100, 0, 0, null)));
        sink.publish(result("a1", "ping", Status.OK, stats(30, 5, 131_072, 6, 50, 1, 2, null)));
        sink.publish(result("a1", "ping", Status.CRITICAL, stats(7, 2, 65_536, 1, 0, 0, 0, null)));

        List<String> lines = lines(scrape(sink));

        assertTrue(lines.containsAll(List.of(
                "# TYPE warden_runs_total counter",
                "warden_runs_total{assignment=\"a1\",plugin=\"ping\",status=\"CRITICAL\"} 1.0",
                "warden_runs_total{assignment=\"a1\",plugin=\"ping\",status=\"OK\"} 2.0",
                "warden_check_status{assignment=\"a1\",plugin=\"ping\"} 2.0",
                "warden_run_cpu_seconds_total{assignment=\"a1\",plugin=\"ping\"} 0.01",
                "warden_run_memory_peak_bytes{assignment=\"a1\",plugin=\"ping\"} 65536.0",
                "warden_egress_bytes_total{assignment=\"a1\",plugin=\"ping\"} 150.0",
                "warden_egress_denied_total{assignment=\"a1\",plugin=\"ping\"} 1.0",
                "warden_host_calls_total{assignment=\"a1\",plugin=\"ping\"} 11.0",
                "warden_log_dropped_total{assignment=\"a1\",plugin=\"ping\"} 2.0",
                "warden_plugin_runs_total{plugin=\"ping\",status=\"OK\",version=\"1.0.0\"} 2.0",
                "warden_plugin_runs_total{plugin=\"ping\",status=\"CRITICAL\",version=\"1.0.0\"} 1.0")), String.join("\n", lines));
        assertFalse(lines.stream().anyMatch(l -> l.startsWith("warden_run_abnormal_total{")), "no abnormal end, no series");
    }

    @Test
    void durationHistogramUsesSecondsBuckets() {
        sink.publish(result("a1", "ping", Status.OK, stats(12, 0, 0, 0, 0, 0, 0, null)));
        sink.publish(result("a1", "ping", Status.OK, stats(2_000, 0, 0, 0, 0, 0, 0, null)));

        List<String> lines = lines(scrape(sink));

        assertTrue(lines.containsAll(List.of(
                "# TYPE warden_run_duration_seconds histogram",
                "warden_run_duration_seconds_bucket{assignment=\"a1\",plugin=\"ping\",le=\"0.001\"} 0",
                "warden_run_duration_seconds_bucket{assignment=\"a1\",plugin=\"ping\",le=\"0.025\"} 1",
                "warden_run_duration_seconds_bucket{assignment=\"a1\",plugin=\"ping\",le=\"1.0\"} 1",
                "warden_run_duration_seconds_bucket{assignment=\"a1\",plugin=\"ping\",le=\"2.5\"} 2",
                "warden_run_duration_seconds_bucket{assignment=\"a1\",plugin=\"ping\",le=\"60.0\"} 2",
                "warden_run_duration_seconds_bucket{assignment=\"a1\",plugin=\"ping\",le=\"+Inf\"} 2",
                "warden_run_duration_seconds_count{assignment=\"a1\",plugin=\"ping\"} 2",
                "warden_run_duration_seconds_sum{assignment=\"a1\",plugin=\"ping\"} 2.012")), String.join("\n", lines));
    }

    @Test
    void abnormalEndCountsByReasonAndShowsUnknown() {
        sink.publish(result("a2", "trapper", Status.UNKNOWN, stats(1, 1, 0, 0, 0, 0, 0, "trap")));
        sink.publish(result("a2", "trapper", Status.UNKNOWN, stats(1, 1, 0, 0, 0, 0, 0, "trap")));
        sink.publish(result("a2", "trapper", Status.UNKNOWN, stats(1, 1, 0, 0, 0, 0, 0, "timeout")));

        List<String> lines = lines(scrape(sink));

        assertTrue(lines.containsAll(List.of(
                "warden_run_abnormal_total{assignment=\"a2\",plugin=\"trapper\",reason=\"timeout\"} 1.0",
                "warden_run_abnormal_total{assignment=\"a2\",plugin=\"trapper\",reason=\"trap\"} 2.0",
                "warden_runs_total{assignment=\"a2\",plugin=\"trapper\",status=\"UNKNOWN\"} 3.0",
                "warden_check_status{assignment=\"a2\",plugin=\"trapper\"} 3.0")), String.join("\n", lines));
    }

    @Test
    void labelValuesAreEscaped() {
        sink.publish(result("odd\"id\\x", "ping", Status.WARNING, stats(1, 0, 0, 0, 0, 0, 0, null)));

        assertTrue(lines(scrape(sink)).contains("warden_check_status{assignment=\"odd\\\"id\\\\x\",plugin=\"ping\"} 1.0"));
    }

    @Test
    void seriesOfRemovedAssignmentsAreDroppedAtTheNextScrape() {
        Fakes.Runner runner = new Fakes.Runner();
        runner.assignments.add(assignment("keep", "ping"));
        runner.assignments.add(assignment("gone", "ping"));
        sink.runner = runner;
        sink.publish(result("keep", "ping", Status.OK, stats(1, 0, 0, 0, 0, 0, 0, null)));
        sink.publish(result("gone", "ping", Status.UNKNOWN, stats(1, 0, 0, 0, 0, 0, 0, "trap")));
        assertTrue(scrape(sink).contains("assignment=\"gone\""));

        runner.assignments.removeIf(a -> a.id().equals("gone"));
        String after = scrape(sink);

        assertFalse(after.contains("assignment=\"gone\""), after);
        assertTrue(after.contains("warden_runs_total{assignment=\"keep\",plugin=\"ping\",status=\"OK\"} 1.0"), after);
        assertTrue(after.contains("warden_plugin_runs_total{plugin=\"ping\",status=\"UNKNOWN\",version=\"1.0.0\"} 1.0"),
                "plugin aggregates outlive the assignment: " + after);
    }

    @Test
    void seriesOfAnAssignmentsFormerPluginAreDropped() {
        Fakes.Runner runner = new Fakes.Runner();
        runner.assignments.add(assignment("a1", "old"));
        sink.runner = runner;
        sink.publish(result("a1", "old", Status.OK, stats(1, 0, 0, 0, 0, 0, 0, null)));

        runner.assignments.set(0, assignment("a1", "new"));
        sink.publish(result("a1", "new", Status.OK, stats(1, 0, 0, 0, 0, 0, 0, null)));
        String after = scrape(sink);

        assertFalse(after.contains("assignment=\"a1\",plugin=\"old\""), after);
        assertTrue(after.contains("warden_runs_total{assignment=\"a1\",plugin=\"new\",status=\"OK\"} 1.0"), after);
    }

    @Test
    void withoutSchedulerNothingIsDropped() {
        sink.publish(result("a1", "ping", Status.OK, stats(1, 0, 0, 0, 0, 0, 0, null)));

        assertTrue(scrape(sink).contains("warden_runs_total{assignment=\"a1\",plugin=\"ping\",status=\"OK\"} 1.0"));
    }

    @Test
    void uninstalledPluginVersionsLoseTheirAggregates() {
        sink.registry = registryWith(List.of(info("ping", "2.0.0")));
        sink.publish(result("a1", "ping", Status.OK, stats(1, 0, 0, 0, 0, 0, 0, null))); // version 1.0.0
        sink.publish(new CheckResult("r", Status.OK, "s", null, null, null, "t", "ping", "2.0.0", "a1", "agent-1",
                stats(1, 0, 0, 0, 0, 0, 0, null), null));

        String text = scrape(sink);

        assertFalse(text.contains("version=\"1.0.0\""), text);
        assertTrue(text.contains("warden_plugin_runs_total{plugin=\"ping\",status=\"OK\",version=\"2.0.0\"} 1.0"), text);
    }

    @Test
    void schedulerCountersAndBackoffComeFromTheRunner() {
        Fakes.Runner runner = new Fakes.Runner();
        runner.assignments.add(assignment("a1", "ping"));
        runner.assignments.add(assignment("a2", "trapper"));
        runner.stats = new ScheduleStats(42, 3, 2, 1, 2);
        runner.perAssignment.add(assignmentStats("a1", "ping", 0, null));
        runner.perAssignment.add(assignmentStats("a2", "trapper", 4, "2030-01-01T00:00:00Z"));
        sink.runner = runner;

        List<String> lines = lines(scrape(sink));

        assertTrue(lines.containsAll(List.of(
                "# TYPE warden_scheduler_runs_started_total counter",
                "warden_scheduler_runs_started_total 42.0",
                "warden_scheduler_runs_skipped_total 3.0",
                "warden_scheduler_runs_late_total 2.0",
                "warden_scheduler_runs_in_flight 1.0",
                "warden_scheduler_assignments 2.0",
                "warden_assignment_backoff{assignment=\"a1\",plugin=\"ping\"} 0.0",
                "warden_assignment_backoff{assignment=\"a2\",plugin=\"trapper\"} 1.0",
                "warden_assignment_consecutive_failures{assignment=\"a2\",plugin=\"trapper\"} 4.0")), String.join("\n", lines));
    }

    @Test
    void fleetStandingComesFromTheFleetStatusAndIsAbsentOutsideAFleet() {
        assertFalse(scrape(sink).contains("warden_fleet_"), "no fleet series without a fleet");

        sink.fleet = () -> new dev.warden.api.dto.FleetHealth("a1", false, false, 17, 42, 1000, 3, 1, 2);
        List<String> lines = lines(scrape(sink));

        assertTrue(lines.containsAll(List.of(
                "warden_fleet_connected 0.0",
                "warden_fleet_assignments_live 0.0",
                "warden_fleet_config_revision 17.0",
                "warden_fleet_result_backlog 42.0",
                "# TYPE warden_fleet_results_published_total counter",
                "warden_fleet_results_published_total 1000.0",
                "warden_fleet_results_skipped_total 3.0",
                "warden_fleet_refused_packages 1.0",
                "warden_fleet_rejected_assignments 2.0")), String.join("\n", lines));

        sink.fleet = () -> {
            throw new IllegalStateException("fleet stopping");
        };
        sink.publish(result("a1", "ping", Status.OK, stats(1, 0, 0, 0, 0, 0, 0, null)));
        String text = scrape(sink);
        assertFalse(text.contains("warden_fleet_"), text);
        assertTrue(text.contains("warden_runs_total{assignment=\"a1\",plugin=\"ping\",status=\"OK\"} 1.0"), text);
    }

    @Test
    void agentInfoShowsVersionAndTheIdResultsCarry() {
        assertTrue(lines(scrape(sink)).contains("warden_agent_info{agent_id=\"host-x\",version=\"1.2.3\"} 1"));

        sink.publish(result("a1", "ping", Status.OK, stats(1, 0, 0, 0, 0, 0, 0, null)));
        String text = scrape(sink);

        assertTrue(lines(text).contains("warden_agent_info{agent_id=\"agent-1\",version=\"1.2.3\"} 1"), text);
        assertFalse(text.contains("host-x"), "one agent_info series only: " + text);
    }

    @Test
    void aResultWithoutStatsStillCountsTheRun() {
        sink.publish(result("a1", "ping", Status.WARNING, null));

        List<String> lines = lines(scrape(sink));

        assertTrue(lines.contains("warden_runs_total{assignment=\"a1\",plugin=\"ping\",status=\"WARNING\"} 1.0"));
        assertTrue(lines.contains("warden_check_status{assignment=\"a1\",plugin=\"ping\"} 1.0"));
    }

    @Test
    void contentTypeIsTheTextFormat() {
        assertEquals("text/plain; version=0.0.4; charset=utf-8", sink.contentType());
    }

    @Test
    void aFailingSchedulerLeavesTheRunMetricsInTheScrape() {
        Fakes.Runner broken = new Fakes.Runner() {
            @Override
            public ScheduleStats stats() {
                throw new IllegalStateException("scheduler stopping");
            }
        };
        broken.assignments.add(assignment("a1", "ping"));
        sink.runner = broken;
        sink.publish(result("a1", "ping", Status.OK, stats(1, 0, 0, 0, 0, 0, 0, null)));

        String text = scrape(sink);

        assertTrue(text.contains("warden_runs_total{assignment=\"a1\",plugin=\"ping\",status=\"OK\"} 1.0"), text);
        assertFalse(text.contains("warden_scheduler_runs_started_total"), text);
    }

    @Test
    void expositionPassesPromtool() throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool is not installed (Debian package prometheus)");
        Fakes.Runner runner = new Fakes.Runner();
        runner.assignments.add(assignment("a1", "ping"));
        runner.stats = new ScheduleStats(1, 0, 0, 0, 1);
        runner.perAssignment.add(assignmentStats("a1", "ping", 0, null));
        sink.runner = runner;
        sink.fleet = () -> new dev.warden.api.dto.FleetHealth("a1", true, true, 5, 0, 10, 0, 0, 0);
        sink.publish(result("a1", "ping", Status.OK, stats(12, 3, 65_536, 4, 100, 0, 0, null)));
        sink.publish(result("a1", "ping", Status.UNKNOWN, stats(12, 3, 65_536, 4, 100, 0, 0, "trap")));

        Process p = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            sink.write(in);
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "promtool finished");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertEquals("", output.trim(), "promtool has no complaint");
    }

    private static AssignmentStats assignmentStats(String id, String plugin, int failures, String backoffUntil) {
        return new AssignmentStats(id, plugin, 1, 1, 0, 0, 0, 0, 0, 0, failures, backoffUntil, Status.OK, null, 0, 0,
                0, 0, 0, 0, 0);
    }

    private static PluginInfo info(String id, String version) {
        PluginManifest manifest = new PluginManifest(id, id, version, null, null, null, null, null, null, null, null,
                null, null);
        return new PluginInfo(manifest, "00", 1, null, "disk", "2024-01-01T00:00:00Z", false);
    }

    private static PluginRegistry registryWith(List<PluginInfo> infos) {
        return (PluginRegistry) Proxy.newProxyInstance(PluginRegistry.class.getClassLoader(),
                new Class<?>[] {PluginRegistry.class}, (proxy, method, args) -> {
                    if (method.getName().equals("list")) {
                        return infos;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
