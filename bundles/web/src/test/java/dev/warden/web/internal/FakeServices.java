package dev.warden.web.internal;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** In-memory stand-ins for the services behind the API. */
final class FakeServices {

    private FakeServices() {
    }

    static PluginInfo info(String id, String version) {
        return new PluginInfo(new PluginManifest(id, id, version, null, null, null, null, List.of("log"), null, null, null,
                null, null), "ab12", 10, null, "upload", "2026-01-01T00:00:00Z", false);
    }

    static CheckResult result(String assignment, String id) {
        return new CheckResult(id, Status.OK, "fine", null, null, null, "2026-01-01T00:00:00Z", "p", "1.0.0", assignment,
                "agent", new RunStats(1, 0, 0, 0, 0, 0, 0, null), null);
    }

    static AssignmentStats stats(String assignment, int consecutiveFailures, String backoffUntil) {
        return new AssignmentStats(assignment, "demo", 7, 4, 1, 0, 2, 1, 0, 3, consecutiveFailures, backoffUntil,
                Status.UNKNOWN, "2026-01-01T00:00:00Z", 70, 20, 65536, 14, 512, 0, 0);
    }

    interface Install {
        PluginInfo install(byte[] zip) throws InvalidPluginException;
    }

    static final class Registry implements PluginRegistry {
        final List<PluginInfo> installed = new ArrayList<>();
        Install onInstall = zip -> info("uploaded", "1.0.0");
        byte[] lastUpload;
        /** Secret JSON pointers by "id@version". */
        final Map<String, Set<String>> secrets = new LinkedHashMap<>();
        final List<Assignment> validated = new ArrayList<>();
        InvalidAssignmentException refuseAssignment;

        @Override
        public List<PluginInfo> list() {
            return List.copyOf(installed);
        }

        @Override
        public Optional<PluginPackage> find(String id, String version) {
            return installed.stream().filter(i -> i.id().equals(id) && (version == null || i.version().equals(version)))
                    .max(java.util.Comparator.comparing(PluginInfo::version))
                    .map(i -> new PluginPackage() {
                        @Override
                        public PluginInfo info() {
                            return i;
                        }

                        @Override
                        public byte[] wasm() {
                            return new byte[0];
                        }

                        @Override
                        public Optional<String> configSchema() {
                            return Optional.empty();
                        }
                    });
        }

        @Override
        public PluginInfo install(InputStream zip, String origin) throws InvalidPluginException {
            try {
                lastUpload = zip.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
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
            return installed.removeIf(i -> i.id().equals(id) && i.version().equals(version));
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
        InvalidAssignmentException refuse;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Collection<Assignment> assignments() {
            return List.copyOf(byId.values());
        }

        @Override
        public Assignment put(Assignment a) throws InvalidAssignmentException {
            if (refuse != null) {
                throw refuse;
            }
            Assignment stored = new Assignment(a.id(), a.pluginId(), a.pluginVersion(), a.intervalMs(), a.timeoutMs(),
                    a.params(), a.grants(), a.thresholds(), a.enabled(), "fake");
            byId.put(a.id(), stored);
            return stored;
        }

        @Override
        public boolean delete(String id) {
            return byId.remove(id) != null;
        }
    }

    static final class Runner implements AssignmentRunner {
        final Store store;
        final List<AssignmentStats> assignmentStats = new ArrayList<>();

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
            return assignment(id).map(a -> result(id, "now-1"));
        }

        @Override
        public ScheduleStats stats() {
            return new ScheduleStats(3, 1, 0, 0, store.byId.size());
        }

        @Override
        public List<AssignmentStats> assignmentStats() {
            return List.copyOf(assignmentStats);
        }
    }

    static final class Results implements ResultStore {
        String askedAssignment;
        int askedLimit;
        RuntimeException failure;

        @Override
        public List<CheckResult> latest(String assignmentId, int limit) {
            if (failure != null) {
                throw failure;
            }
            askedAssignment = assignmentId;
            askedLimit = limit;
            return List.of(result(assignmentId, "r2"), result(assignmentId, "r1"));
        }
    }
}
