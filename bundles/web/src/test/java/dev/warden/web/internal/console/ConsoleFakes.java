package dev.warden.web.internal.console;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** In-memory services behind the console page. */
final class ConsoleFakes {

    private ConsoleFakes() {
    }

    static PluginInfo plugin(String id, String version, List<String> capabilities) {
        return new PluginInfo(new PluginManifest(id, id, version, null, null, null, null, capabilities, null, null, null, null,
                null), "0123456789abcdef0123456789abcdef", 10, null, "upload", "2026-01-01T00:00:00Z", false);
    }

    static Assignment assignment(String id, String plugin, boolean enabled) {
        return new Assignment(id, plugin, null, 30_000, null, "{\"secret\":\"s\"}", null, null, enabled, "fake");
    }

    static CheckResult result(String assignment, String id, Status status, String summary, long wallMs,
            Map<String, String> labels) {
        return new CheckResult(id, status, summary, null, null, labels, "2026-01-01T00:00:0" + (id.length() % 10) + "Z", "p",
                "1.0.0", assignment, "agent", new RunStats(wallMs, 1, 2, 3, 4, 0, 0, null), null);
    }

    interface Install {
        PluginInfo install(byte[] zip) throws InvalidPluginException;
    }

    static final class Registry implements PluginRegistry {
        final List<PluginInfo> installed = new ArrayList<>();
        /** Secret param pointers by id@version. */
        final Map<String, Set<String>> secrets = new HashMap<>();
        final List<Assignment> validated = new ArrayList<>();
        Install onInstall = zip -> plugin("uploaded", "1.0.0", List.of());
        byte[] lastUpload;
        String lastOrigin;
        InvalidAssignmentException refuseAssignment;

        @Override
        public List<PluginInfo> list() {
            return List.copyOf(installed);
        }

        @Override
        public Optional<PluginPackage> find(String id, String version) {
            return Optional.empty();
        }

        @Override
        public PluginInfo install(InputStream zip, String origin) throws InvalidPluginException {
            try {
                lastUpload = zip.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            lastOrigin = origin;
            return onInstall.install(lastUpload);
        }

        @Override
        public PluginInfo validate(InputStream zip, String origin) throws InvalidPluginException {
            try {
                return onInstall.install(zip.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public boolean delete(String id, String version) {
            return false;
        }

        @Override
        public void validateAssignment(Assignment assignment) throws InvalidAssignmentException {
            validated.add(assignment);
            if (refuseAssignment != null) {
                throw refuseAssignment;
            }
        }

        @Override
        public Set<String> secretParams(String id, String version) {
            return secrets.getOrDefault(id + "@" + version, Set.of());
        }
    }

    static final class Store implements AssignmentStore {
        final Map<String, Assignment> byId = new LinkedHashMap<>();
        final List<Assignment> puts = new ArrayList<>();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Collection<Assignment> assignments() {
            return List.copyOf(byId.values());
        }

        @Override
        public Assignment put(Assignment a) {
            puts.add(a);
            byId.put(a.id(), a);
            return a;
        }

        @Override
        public boolean delete(String id) {
            return byId.remove(id) != null;
        }
    }

    static final class Runner implements AssignmentRunner {
        final Store store;
        final List<AssignmentStats> stats = new ArrayList<>();
        final List<String> ran = new ArrayList<>();

        Runner(Store store) {
            this.store = store;
        }

        @Override
        public List<Assignment> assignments() {
            return List.copyOf(store.assignments());
        }

        @Override
        public Optional<Assignment> assignment(String id) {
            return Optional.ofNullable(store.byId.get(id));
        }

        @Override
        public Optional<CheckResult> runNow(String id) {
            ran.add(id);
            return assignment(id).map(a -> result(id, "now", Status.WARNING, "ran now", 5, Map.of()));
        }

        @Override
        public ScheduleStats stats() {
            return new ScheduleStats(0, 0, 0, 0, store.byId.size());
        }

        @Override
        public List<AssignmentStats> assignmentStats() {
            return List.copyOf(stats);
        }
    }

    static final class Results implements ResultStore {
        final Map<String, List<CheckResult>> byAssignment = new LinkedHashMap<>();
        int askedLimit;

        @Override
        public List<CheckResult> latest(String assignmentId, int limit) {
            askedLimit = limit;
            List<CheckResult> all = byAssignment.getOrDefault(assignmentId, List.of());
            return all.subList(0, Math.min(limit, all.size()));
        }
    }
}
