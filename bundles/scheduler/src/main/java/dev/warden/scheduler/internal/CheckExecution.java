package dev.warden.scheduler.internal;

import dev.warden.api.CheckRunner;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.RunRequest;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one assignment: the plugin is looked up at run time (so a newly installed version
 * is picked up by the next run), run, and judged against the operator's thresholds.
 */
final class CheckExecution {

    private static final Logger LOG = LoggerFactory.getLogger(CheckExecution.class);

    private final Supplier<CheckRunner> runner;
    private final Supplier<PluginRegistry> registry;
    private final String agentId;
    private final Clock clock;

    CheckExecution(Supplier<CheckRunner> runner, Supplier<PluginRegistry> registry, String agentId, Clock clock) {
        this.runner = runner;
        this.registry = registry;
        this.agentId = agentId;
        this.clock = clock;
    }

    CheckResult run(Assignment assignment) {
        return ThresholdEvaluator.apply(runUnjudged(assignment), assignment.thresholds());
    }

    private CheckResult runUnjudged(Assignment assignment) {
        PluginRegistry plugins = registry.get();
        CheckRunner checks = runner.get();
        if (plugins == null || checks == null) {
            return unknown(assignment, "the " + (plugins == null ? "plugin registry" : "check runner") + " is not available",
                    "service_missing");
        }
        try {
            Optional<PluginPackage> plugin = plugins.find(assignment.pluginId(), assignment.pluginVersion());
            if (plugin.isEmpty()) {
                String version = assignment.pluginVersion() == null ? "(any)" : assignment.pluginVersion();
                return unknown(assignment, "plugin " + assignment.pluginId() + " version " + version + " is not installed",
                        "plugin_missing");
            }
            CheckResult result = checks.run(new RunRequest(plugin.get(), assignment, agentId));
            if (result == null) {
                return unknown(assignment, "the check runner returned no result", "internal");
            }
            return result;
        } catch (RuntimeException e) {
            LOG.error("Run of assignment {} failed inside the host", assignment.id(), e);
            return unknown(assignment, "run failed inside the host: " + e, "internal");
        }
    }

    private CheckResult unknown(Assignment a, String summary, String abnormalEnd) {
        return new CheckResult(UUID.randomUUID().toString(), Status.UNKNOWN, summary, null, List.of(), Map.of(),
                clock.instant().toString(), a.pluginId(), a.pluginVersion(), a.id(), agentId,
                new RunStats(0, 0, 0, 0, 0, 0, 0, abnormalEnd), List.of());
    }
}
