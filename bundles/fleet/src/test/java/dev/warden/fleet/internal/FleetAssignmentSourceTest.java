package dev.warden.fleet.internal;

import static dev.warden.fleet.internal.FleetTestSupport.eventually;
import static dev.warden.fleet.internal.FleetTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.PluginInfo;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetAssignmentSourceTest {

    @TempDir
    Path tmp;

    private NatsServerProcess server;
    private FleetConnection fleet;
    private FleetAssignmentSource source;

    /** Knows plugin "demo" only, and refuses any assignment that carries grants, as a manifest without permissions would. */
    private final PluginRegistry registry = new PluginRegistry() {
        @Override
        public List<PluginInfo> list() {
            return List.of();
        }

        @Override
        public Optional<PluginPackage> find(String id, String version) {
            return "demo".equals(id) ? Optional.of(new PluginPackage() {
                @Override
                public PluginInfo info() {
                    return null;
                }

                @Override
                public byte[] wasm() {
                    return new byte[0];
                }

                @Override
                public Optional<String> configSchema() {
                    return Optional.empty();
                }
            }) : Optional.empty();
        }

        @Override
        public PluginInfo install(InputStream zip, String origin) {
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
        public void validateAssignment(Assignment a) throws InvalidAssignmentException {
            if (a.grants() != null && a.grants().permissions() != null) {
                throw new InvalidAssignmentException("grants", "grants.permissions.allowed_domains: evil.example is not requested by the manifest");
            }
        }

        @Override
        public Set<String> secretParams(String id, String version) {
            return Set.of();
        }
    };

    @BeforeEach
    void start() throws Exception {
        assumeTrue(NatsServerProcess.available(), "nats-server is not installed at /usr/sbin/nats-server");
        server = new NatsServerProcess(tmp.resolve("store")).start();
        fleet = new FleetConnection(settings(server.url(), "a1", List.of(), tmp.resolve("agent")));
        assertTrue(eventually(fleet::connected, 10_000), "connected to the test broker");
        source = new FleetAssignmentSource(fleet, registry);
        source.activate();
    }

    @AfterEach
    void stop() throws Exception {
        if (source != null) {
            source.deactivate();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private Set<String> ids() {
        return source.assignments().stream().map(Assignment::id).collect(Collectors.toSet());
    }

    @Test
    void anAssignmentFailingTheLocalChecksIsNotRunAndIsReportedWhileOthersRun() throws Exception {
        var kv = Buckets.keyValue(fleet.connection(), Buckets.ASSIGNMENTS, 1);
        kv.put("agent.a1.good", "{\"plugin_id\":\"demo\",\"interval_ms\":1000,\"params\":{}}".getBytes(StandardCharsets.UTF_8));
        kv.put("agent.a1.evil", ("{\"plugin_id\":\"demo\",\"interval_ms\":1000,\"params\":{},"
                + "\"grants\":{\"permissions\":{\"allowed_domains\":[\"evil.example\"]}}}").getBytes(StandardCharsets.UTF_8));
        kv.put("agent.a1.later", "{\"plugin_id\":\"not-yet\",\"interval_ms\":1000,\"params\":{}}".getBytes(StandardCharsets.UTF_8));

        assertTrue(eventually(() -> ids().equals(Set.of("good", "later")), 10_000), () -> "got " + ids());
        assertEquals(List.of("evil: grants.permissions.allowed_domains: evil.example is not requested by the manifest"),
                source.rejectedAssignments());

        kv.put("agent.a1.evil", "{\"plugin_id\":\"demo\",\"interval_ms\":1000,\"params\":{}}".getBytes(StandardCharsets.UTF_8));
        assertTrue(eventually(() -> ids().equals(Set.of("good", "evil", "later")), 10_000), () -> "got " + ids());
        assertEquals(List.of(), source.rejectedAssignments(), "a corrected value runs and is no longer reported");
    }
}
