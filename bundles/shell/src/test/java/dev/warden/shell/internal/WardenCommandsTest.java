package dev.warden.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Metric;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WardenCommandsTest {

    private final WardenCommands commands = new WardenCommands();

    private static PluginInfo plugin(String id, String version, String signer) {
        PluginManifest manifest = new PluginManifest(id, id, version, null, null, null, null,
                List.of("log", "submit_result"), null, null, null, null, null);
        return new PluginInfo(manifest, "0123456789abcdef0123", 100, signer, "upload", "2026-01-01T00:00:00Z", false);
    }

    private static CheckResult result(Status status, String summary, String at) {
        return new CheckResult("r-" + at, status, summary, null, List.of(new Metric("target_length", 11, null, null, null, null, null)),
                Map.of(), at, "hello-c", "1.0.0", "hello", "agent", new RunStats(3, 1, 65536, 2, 0, 0, 0, null), List.of());
    }

    private static Assignment assignment(String id, long interval, boolean enabled) {
        return new Assignment(id, "hello-c", null, interval, null, "{}", null, null, enabled, "test");
    }

    @Test
    void pluginsListsIdVersionSignerCapabilitiesAndAShortHash() {
        commands.registry = new Registry(List.of(plugin("zeta", "2.0.0", null), plugin("hello-c", "1.0.0", "ops-key")));
        String out = commands.plugins();
        List<String> lines = out.lines().toList();
        assertEquals(3, lines.size(), out);
        assertTrue(lines.get(0).matches("ID\\s+VERSION\\s+SIGNER\\s+CAPABILITIES\\s+SHA256"), lines.get(0));
        assertTrue(lines.get(1).matches("hello-c\\s+1\\.0\\.0\\s+ops-key\\s+log,submit_result\\s+0123456789ab"), lines.get(1));
        assertTrue(lines.get(2).matches("zeta\\s+2\\.0\\.0\\s+unsigned\\s+log,submit_result\\s+0123456789ab"), lines.get(2));
    }

    @Test
    void emptyListsSaySo() {
        commands.registry = new Registry(List.of());
        commands.runner = new Runner(List.of(), List.of(), null);
        commands.results = (id, limit) -> List.of();
        assertEquals("no plugins installed\n", commands.plugins());
        assertEquals("no assignments\n", commands.assignments());
        assertEquals("no results for hello\n", commands.results("hello"));
    }

    @Test
    void assignmentsShowScheduleAndLastOutcome() {
        AssignmentStats stats = new AssignmentStats("hello", "hello-c", 7, 7, 0, 0, 0, 0, 0, 0, 0, null, Status.OK,
                "2026-01-01T00:00:01Z", 0, 0, 0, 0, 0, 0, 0);
        commands.runner = new Runner(List.of(assignment("hello", 60_000, true), assignment("idle", 1500, false)), List.of(stats), null);
        List<String> lines = commands.assignments().lines().toList();
        assertTrue(lines.get(0).matches("ID\\s+PLUGIN\\s+VERSION\\s+INTERVAL\\s+ENABLED\\s+LAST\\s+LAST RUN\\s+RUNS"), lines.get(0));
        assertTrue(lines.get(1).matches("hello\\s+hello-c\\s+latest\\s+1m\\s+yes\\s+OK\\s+2026-01-01T00:00:01Z\\s+7"), lines.get(1));
        assertTrue(lines.get(2).matches("idle\\s+hello-c\\s+latest\\s+1500ms\\s+no\\s+-\\s+-\\s+0"), lines.get(2));
    }

    @Test
    void runPrintsStatusSummaryAndDetails() {
        commands.runner = new Runner(List.of(), List.of(), result(Status.OK, "hello from example.com", "2026-01-01T00:00:02Z"));
        String out = commands.run("hello");
        assertTrue(out.startsWith("OK  hello from example.com\n"), out);
        assertTrue(out.contains("  plugin        hello-c 1.0.0\n"), out);
        assertTrue(out.contains("  wall ms       3\n"), out);
        assertTrue(out.contains("  metrics       target_length=11\n"), out);
    }

    @Test
    void runOfAnUnknownAssignmentFailsWithItsName() {
        commands.runner = new Runner(List.of(), List.of(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> commands.run("nope"));
        assertEquals("no such assignment: nope", e.getMessage());
    }

    @Test
    void resultsAreNewestFirstWithTheLimitPassedOn() {
        List<Object> asked = new ArrayList<>();
        commands.results = (id, limit) -> {
            asked.add(id);
            asked.add(limit);
            return List.of(result(Status.CRITICAL, "down", "2026-01-01T00:00:09Z"), result(Status.OK, "up", "2026-01-01T00:00:08Z"));
        };
        List<String> lines = commands.results("hello", 2).lines().toList();
        assertEquals(List.of("hello", 2), asked);
        assertTrue(lines.get(0).matches("OBSERVED\\s+STATUS\\s+WALL MS\\s+VERSION\\s+SUMMARY"), lines.get(0));
        assertTrue(lines.get(1).matches("2026-01-01T00:00:09Z\\s+CRITICAL\\s+3\\s+1\\.0\\.0\\s+down"), lines.get(1));
        assertTrue(lines.get(2).matches("2026-01-01T00:00:08Z\\s+OK\\s+3\\s+1\\.0\\.0\\s+up"), lines.get(2));

        commands.results("hello");
        assertEquals(WardenCommands.DEFAULT_RESULTS, asked.get(3));
        assertThrows(IllegalArgumentException.class, () -> commands.results("hello", 0));
    }

    @Test
    void pluginSuppliedTextCannotSendTerminalEscapesOrBreakLines() {
        commands.runner = new Runner(List.of(), List.of(),
                result(Status.WARNING, "\u001b[2J\u001b[31mfake\nOK line\u202e", "2026-01-01T00:00:02Z"));
        String out = commands.run("hello");
        assertFalse(out.contains("\u001b"), out);
        assertFalse(out.contains("\u202e"), out);
        assertTrue(out.startsWith("WARNING  ?[2J?[31mfake?OK line?\n"), out);
    }

    @Test
    void longCellsAreCut() {
        String cell = TextTable.clean("x".repeat(500), TextTable.MAX_CELL);
        assertEquals(TextTable.MAX_CELL, cell.length());
        assertTrue(cell.endsWith("\u2026"));
    }

    @Test
    void aMissingServiceIsAClearError() {
        IllegalStateException e = assertThrows(IllegalStateException.class, commands::plugins);
        assertEquals("the plugin registry is not available right now", e.getMessage());
    }

    private record Registry(List<PluginInfo> plugins) implements PluginRegistry {
        @Override
        public List<PluginInfo> list() {
            return plugins;
        }

        @Override
        public Optional<PluginPackage> find(String id, String version) {
            return Optional.empty();
        }

        @Override
        public PluginInfo install(InputStream zip, String origin) throws InvalidPluginException {
            throw new UnsupportedOperationException();
        }

        @Override
        public PluginInfo validate(InputStream zip, String origin) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String id, String version) {
            return false;
        }

        @Override
        public void validateAssignment(Assignment assignment) throws InvalidAssignmentException {
        }

        @Override
        public Set<String> secretParams(String id, String version) {
            return Set.of();
        }
    }

    private record Runner(List<Assignment> all, List<AssignmentStats> perAssignment, CheckResult next) implements AssignmentRunner {
        @Override
        public List<Assignment> assignments() {
            return all;
        }

        @Override
        public Optional<Assignment> assignment(String id) {
            return all.stream().filter(a -> a.id().equals(id)).findFirst();
        }

        @Override
        public Optional<CheckResult> runNow(String assignmentId) {
            return Optional.ofNullable(next);
        }

        @Override
        public ScheduleStats stats() {
            return new ScheduleStats(0, 0, 0, 0, 0);
        }

        @Override
        public List<AssignmentStats> assignmentStats() {
            return perAssignment;
        }
    }

    @Test
    void fleetShowsTheAgentsStandingOrSaysItIsAlone() {
        assertTrue(commands.fleet().startsWith("not part of a fleet"));

        commands.fleet = () -> new dev.warden.api.dto.FleetHealth("edge-1", false, false, 42, 17, 900, 2, 1, 0);
        String out = commands.fleet();

        assertTrue(out.startsWith("DISCONNECTED  agent edge-1\n"), out);
        assertTrue(out.contains("  assignments   last known set (not receiving)\n"), out);
        assertTrue(out.contains("  revision      42\n"), out);
        assertTrue(out.contains("  backlog       17 results not yet published\n"), out);
        assertTrue(out.contains("  skipped       2 lost to journal retention\n"), out);
        assertTrue(out.contains("  refused       1 packages\n"), out);
    }
}
