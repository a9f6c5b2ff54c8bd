package dev.warden.shell.internal;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.FleetStatus;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.FleetHealth;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Metric;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.RunStats;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The {@code warden:*} Gogo commands. Gogo finds a command object by its {@code osgi.command.*}
 * service properties and calls its public methods by name, so this is a plain object and the bundle
 * needs no Gogo API. Every command answers text (what the shell prints); a missing service or an
 * unknown id is an {@link IllegalArgumentException} / {@link IllegalStateException} with a message
 * the shell shows.
 */
@Component(service = Object.class, property = {
    "osgi.command.scope=warden",
    "osgi.command.function=plugins",
    "osgi.command.function=assignments",
    "osgi.command.function=run",
    "osgi.command.function=results",
    "osgi.command.function=fleet"})
public final class WardenCommands {

    static final int DEFAULT_RESULTS = 10;
    static final int MAX_RESULTS = 1000;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AssignmentRunner runner;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile ResultStore results;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile FleetStatus fleet;

    /** {@code warden:fleet}: this agent's standing in its fleet. */
    public String fleet() {
        FleetStatus f = fleet;
        if (f == null) {
            return "not part of a fleet (no dev.warden.fleet configuration)\n";
        }
        FleetHealth h = f.health();
        StringBuilder out = new StringBuilder();
        out.append(h.connected() ? "CONNECTED" : "DISCONNECTED").append("  agent ").append(TextTable.clean(h.agentId(), 128))
                .append('\n');
        detail(out, "assignments", h.receivingAssignments() ? "live" : "last known set (not receiving)");
        detail(out, "revision", h.configRevision());
        detail(out, "backlog", h.resultBacklog() < 0 ? "unknown" : h.resultBacklog() + " results not yet published");
        detail(out, "published", h.resultsPublished());
        detail(out, "skipped", h.resultsSkipped() + " lost to journal retention");
        detail(out, "refused", h.refusedPackages() + " packages");
        detail(out, "rejected", h.rejectedAssignments() + " assignments");
        return out.toString();
    }

    /** {@code warden:plugins}: every installed plugin version. */
    public String plugins() {
        List<PluginInfo> list = require(registry, "plugin registry").list().stream()
                .sorted(Comparator.comparing(PluginInfo::id).thenComparing(PluginInfo::version))
                .toList();
        TextTable table = new TextTable("ID", "VERSION", "SIGNER", "CAPABILITIES", "SHA256");
        for (PluginInfo p : list) {
            table.row(p.id(), p.version(), p.signer() == null ? "unsigned" : p.signer(),
                    String.join(",", p.manifest().capabilities()), shortHash(p.sha256()));
        }
        return table.isEmpty() ? "no plugins installed\n" : table.toString();
    }

    /** {@code warden:assignments}: every assignment with its schedule and last outcome. */
    public String assignments() {
        AssignmentRunner r = require(runner, "assignment runner");
        Map<String, AssignmentStats> stats = r.assignmentStats().stream()
                .collect(Collectors.toMap(AssignmentStats::assignmentId, Function.identity(), (a, b) -> a));
        TextTable table = new TextTable("ID", "PLUGIN", "VERSION", "INTERVAL", "ENABLED", "LAST", "LAST RUN", "RUNS");
        for (Assignment a : r.assignments().stream().sorted(Comparator.comparing(Assignment::id)).toList()) {
            AssignmentStats s = stats.get(a.id());
            table.row(a.id(), a.pluginId(), a.pluginVersion() == null ? "latest" : a.pluginVersion(),
                    duration(a.intervalMs()), a.enabled() ? "yes" : "no",
                    s == null || s.lastStatus() == null ? "-" : s.lastStatus(),
                    s == null ? null : s.lastRunAt(), s == null ? 0 : s.runs());
        }
        return table.isEmpty() ? "no assignments\n" : table.toString();
    }

    /** {@code warden:run <id>}: runs the assignment now (even when disabled) and shows the result. */
    public String run(String assignmentId) {
        CheckResult result = require(runner, "assignment runner").runNow(assignmentId)
                .orElseThrow(() -> new IllegalArgumentException("no such assignment: " + TextTable.clean(assignmentId, 64)));
        return describe(result);
    }

    /** {@code warden:results <id>}: the newest {@value #DEFAULT_RESULTS} results of one assignment. */
    public String results(String assignmentId) {
        return results(assignmentId, DEFAULT_RESULTS);
    }

    /** {@code warden:results <id> <limit>}: the newest {@code limit} results, newest first. */
    public String results(String assignmentId, int limit) {
        if (limit < 1 || limit > MAX_RESULTS) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_RESULTS);
        }
        List<CheckResult> latest = require(results, "result store").latest(assignmentId, limit);
        TextTable table = new TextTable("OBSERVED", "STATUS", "WALL MS", "VERSION", "SUMMARY");
        for (CheckResult c : latest) {
            table.row(c.observedAt(), c.status(), c.stats() == null ? null : c.stats().wallMs(), c.pluginVersion(), c.summary());
        }
        return table.isEmpty() ? "no results for " + TextTable.clean(assignmentId, 64) + "\n" : table.toString();
    }

    /** A result as "STATUS  summary" and one indented line per detail. */
    static String describe(CheckResult r) {
        StringBuilder out = new StringBuilder();
        out.append(r.status()).append("  ").append(TextTable.clean(r.summary(), 200)).append('\n');
        detail(out, "assignment", r.assignmentId());
        detail(out, "plugin", TextTable.clean(r.pluginId(), 64) + " " + TextTable.clean(r.pluginVersion(), 64));
        detail(out, "observed", r.observedAt());
        RunStats s = r.stats();
        if (s != null) {
            detail(out, "wall ms", s.wallMs());
            detail(out, "memory peak", s.memoryPeakBytes());
            detail(out, "host calls", s.hostCalls());
            if (s.abnormalEnd() != null) {
                detail(out, "abnormal end", s.abnormalEnd());
            }
        }
        if (!r.metrics().isEmpty()) {
            detail(out, "metrics", r.metrics().stream().map(WardenCommands::metric).collect(Collectors.joining(" ")));
        }
        return out.toString();
    }

    private static void detail(StringBuilder out, String name, Object value) {
        out.append("  ").append(name).append(" ".repeat(Math.max(1, 14 - name.length())))
                .append(TextTable.clean(value, 200)).append('\n');
    }

    private static String metric(Metric m) {
        double v = m.value();
        String value = v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
        return m.name() + "=" + value + (m.unit() == null ? "" : m.unit());
    }

    private static String shortHash(String sha256) {
        return sha256 == null ? null : sha256.substring(0, Math.min(12, sha256.length()));
    }

    /** 60000 → "1m", 1500 → "1500ms": intervals as an operator writes them. */
    static String duration(long ms) {
        if (ms > 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms > 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms > 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    private static <T> T require(T service, String name) {
        if (service == null) {
            throw new IllegalStateException("the " + name + " is not available right now");
        }
        return service;
    }
}
