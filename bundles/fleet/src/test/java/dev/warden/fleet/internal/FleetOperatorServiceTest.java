package dev.warden.fleet.internal;

import static dev.warden.fleet.internal.FleetTestSupport.eventually;
import static dev.warden.fleet.internal.FleetTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.api.FleetUnavailableException;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.FleetAgent;
import dev.warden.api.dto.FleetAssignment;
import dev.warden.api.dto.FleetTarget;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Status;
import dev.warden.common.Json;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetOperatorServiceTest {

    @TempDir
    Path tmp;

    private NatsServerProcess server;
    private FleetConnection fleet;
    private final TextRegistry operatorRegistry = new TextRegistry();
    private FleetOperatorService operator;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(NatsServerProcess.available(), "nats-server is not installed at /usr/sbin/nats-server");
        server = new NatsServerProcess(tmp.resolve("store")).start();
        fleet = connect("operator");
        operator = new FleetOperatorService(fleet, operatorRegistry);
    }

    @AfterEach
    void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private FleetConnection connect(String agentId) throws Exception {
        FleetConnection c = new FleetConnection(settings(server.url(), agentId, List.of(), tmp.resolve(agentId)));
        assertTrue(eventually(c::connected, 10_000), "connected to the test broker");
        return c;
    }

    private static byte[] pkg(String id, String version) {
        return (id + "@" + version).getBytes(StandardCharsets.UTF_8);
    }

    private PluginInfo publish(byte[] zip) throws InvalidPluginException {
        return operator.publishPackage(new ByteArrayInputStream(zip));
    }

    private List<ObjectInfo> objects() throws Exception {
        return Buckets.objectStore(fleet.connection()).getList().stream().filter(o -> !o.isDeleted()).toList();
    }

    private static Assignment assignment(String id, String plugin, String version, String params) {
        return new Assignment(id, plugin, version, 30_000, null, params, null, null, true, null);
    }

    @Test
    void aPublishedPackageIsStoredByHashWithMetadataAndAnAgentFetchesIt() throws Exception {
        byte[] zip = pkg("hello", "1.0.0");
        PluginInfo info = publish(zip);

        assertEquals("hello", info.id());
        assertEquals(List.of("upload"), operatorRegistry.validatedOrigins, "held to the upload signature policy");
        List<ObjectInfo> stored = objects();
        assertEquals(1, stored.size());
        assertEquals(PackageFetcher.sha256(zip), stored.get(0).getObjectName());
        assertEquals(Map.of("id", "hello", "version", "1.0.0", "signature", "key-1"),
                stored.get(0).getObjectMeta().getMetadata());

        FleetConnection agent = connect("a1");
        try {
            TextRegistry agentRegistry = new TextRegistry();
            assertEquals(PackageFetcher.Outcome.INSTALLED, new PackageFetcher(agent, agentRegistry).ensure("hello", "1.0.0"));
            assertArrayEquals(zip, agentRegistry.installedBytes.get("hello@1.0.0"));
            assertEquals(List.of("fleet"), agentRegistry.installOrigins);
        } finally {
            agent.close();
        }
    }

    @Test
    void publishingTheSameBytesAgainIsIdempotentButOtherBytesForTheSameVersionAreRefused() throws Exception {
        publish(pkg("hello", "1.0.0"));
        publish(pkg("hello", "1.0.0"));
        assertEquals(1, objects().size());

        byte[] other = "hello@1.0.0 changed".getBytes(StandardCharsets.UTF_8);
        operatorRegistry.aliases.put(new String(other, StandardCharsets.UTF_8), "hello@1.0.0");
        InvalidPluginException e = assertThrows(InvalidPluginException.class, () -> publish(other));
        assertEquals("already_published", e.code());
        assertEquals(1, objects().size());
    }

    @Test
    void anInvalidPackageIsRefusedWithTheRegistrysCodeAndNothingIsStored() throws Exception {
        InvalidPluginException e = assertThrows(InvalidPluginException.class,
                () -> publish("garbage".getBytes(StandardCharsets.UTF_8)));
        assertEquals("not_a_zip", e.code());
        assertTrue(objects().isEmpty());
    }

    @Test
    void aPackageOverTheCapIsRefusedAsTooLarge() {
        InputStream huge = new InputStream() {
            long left = FleetOperatorService.MAX_PACKAGE_BYTES + 10;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }
        };
        InvalidPluginException e = assertThrows(InvalidPluginException.class, () -> operator.publishPackage(huge));
        assertEquals("too_large", e.code());
        assertTrue(operatorRegistry.validatedOrigins.isEmpty());
    }

    @Test
    void assignmentsArePutForAgentsAndLabelsListedAndDeleted() throws Exception {
        publish(pkg("hello", "1.0.0"));
        long r1 = operator.putAssignment(FleetTarget.agent("a1"), assignment("ping", "hello", null, "{\"target\":\"x\"}"));
        long r2 = operator.putAssignment(FleetTarget.label("edge"), assignment("http", "hello", "1.0.0", "{\"target\":\"y\"}"));
        assertTrue(r2 > r1, "revisions grow");

        KeyValue kv = Buckets.keyValue(fleet.connection(), Buckets.ASSIGNMENTS, 1);
        Assignment stored = AssignmentCodec.read("ping", kv.get("agent.a1.ping").getValue());
        assertEquals("hello", stored.pluginId());
        assertNull(stored.pluginVersion(), "an unpinned assignment stays unpinned");
        assertEquals("{\"target\":\"x\"}", stored.params());
        assertEquals("1.0.0", operatorRegistry.validatedAssignments.get(0).pluginVersion(),
                "validated against the published version");
        assertTrue(operatorRegistry.installedBytes.containsKey("hello@1.0.0"), "fetched into the local registry");

        List<FleetAssignment> all = operator.assignments();
        assertEquals(2, all.size());
        assertEquals(FleetTarget.agent("a1"), all.get(0).target());
        assertEquals("ping", all.get(0).assignment().id());
        assertEquals(r1, all.get(0).revision());
        assertEquals(FleetTarget.label("edge"), all.get(1).target());
        assertEquals("{\"target\":\"y\"}", all.get(1).assignment().params());

        assertTrue(operator.deleteAssignment(FleetTarget.agent("a1"), "ping"));
        assertFalse(operator.deleteAssignment(FleetTarget.agent("a1"), "ping"), "already deleted");
        assertFalse(operator.deleteAssignment(FleetTarget.agent("a2"), "http"), "never there for that target");
        assertEquals(List.of("http"), operator.assignments().stream().map(f -> f.assignment().id()).toList());
    }

    @Test
    void assignmentsAreRefusedForUnpublishedPluginsBadIdsAndInvalidParamsWithoutWritingAKey() throws Exception {
        publish(pkg("hello", "1.0.0"));
        InvalidAssignmentException unpublished = assertThrows(InvalidAssignmentException.class,
                () -> operator.putAssignment(FleetTarget.agent("a1"), assignment("p", "nope", null, "{}")));
        assertEquals("plugin_id", unpublished.field());
        InvalidAssignmentException version = assertThrows(InvalidAssignmentException.class,
                () -> operator.putAssignment(FleetTarget.agent("a1"), assignment("p", "hello", "9.0.0", "{}")));
        assertEquals("plugin_version", version.field());
        InvalidAssignmentException id = assertThrows(InvalidAssignmentException.class,
                () -> operator.putAssignment(FleetTarget.agent("a1"), assignment("web.check", "hello", null, "{}")));
        assertEquals("id", id.field());
        InvalidAssignmentException params = assertThrows(InvalidAssignmentException.class,
                () -> operator.putAssignment(FleetTarget.agent("a1"), assignment("p", "hello", null, "{}")));
        assertEquals("params", params.field());

        assertTrue(operator.assignments().isEmpty());
    }

    @Test
    void resultsComeNewestFirstFilteredByAgentAndAssignmentUpToTheLimit() throws Exception {
        JetStreamManagement jsm = resultsStream();
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String agent = i % 2 == 0 ? "a1" : "a2";
            String assignment = i % 4 < 2 ? "ping" : "web.check";
            publishResult(agent, assignment, "r" + i);
            published.add("r" + i);
        }

        assertEquals(List.of("r39", "r38", "r37", "r36", "r35"), ids(operator.results(null, null, 5)));
        List<String> a1 = ids(operator.results("a1", null, 1000));
        assertEquals(20, a1.size());
        assertEquals("r38", a1.get(0));
        assertEquals("r0", a1.get(19));
        assertEquals(List.of("r39", "r38", "r35"), ids(operator.results(null, "web.check", 3)),
                "the assignment id is matched as the publisher writes it (web_check)");
        assertEquals(List.of("r37", "r33"), ids(operator.results("a2", "ping", 2)));
        assertTrue(operator.results("a3", null, 10).isEmpty());
        assertTrue(operator.results("a1.>", null, 10).isEmpty(), "no wildcard through the agent filter");
        assertTrue(jsm.getConsumerNames(FleetResultPublisher.STREAM).isEmpty(), "no consumer is left behind");
    }

    @Test
    void rareResultsFarBackAreFoundWithoutALimitTooSmall() throws Exception {
        resultsStream();
        publishResult("old", "x", "old-1");
        publishResult("old", "x", "old-2");
        for (int i = 0; i < 600; i++) {
            publishResult("busy", "x", "b" + i);
        }
        assertEquals(List.of("old-2", "old-1"), ids(operator.results("old", null, 10)));
        assertEquals(List.of("b599"), ids(operator.results(null, null, 1)));
    }

    @Test
    void resultsWithoutAStreamAreEmpty() {
        assertTrue(operator.results(null, null, 10).isEmpty());
    }

    @Test
    void agentsAreListedNewestFirstToleratingMissingFields() throws Exception {
        KeyValue kv = Buckets.keyValue(fleet.connection(), Buckets.AGENTS, 1);
        kv.put("a1", ("{\"agent_id\":\"a1\",\"version\":\"0.1.0\",\"labels\":[\"edge\"],\"capabilities\":[\"http\",\"log\"],"
                + "\"config_revision\":7,\"last_seen\":\"2026-01-01T00:00:00Z\","
                + "\"refused_packages\":[\"hello 1.0.0 abc: bad signature\"]}").getBytes(StandardCharsets.UTF_8));
        kv.put("a2", "{\"agent_id\":\"a2\",\"last_seen\":\"2026-01-02T00:00:00Z\"}".getBytes(StandardCharsets.UTF_8));
        kv.put("a3", "{}".getBytes(StandardCharsets.UTF_8));

        List<FleetAgent> agents = operator.agents();

        assertEquals(List.of("a2", "a1", "a3"), agents.stream().map(FleetAgent::agentId).toList());
        FleetAgent a1 = agents.get(1);
        assertEquals(List.of("edge"), a1.labels());
        assertEquals(List.of("http", "log"), a1.capabilities());
        assertEquals(7, a1.configRevision());
        assertEquals(List.of("hello 1.0.0 abc: bad signature"), a1.refusedPackages());
        assertTrue(agents.get(0).capabilities().isEmpty());
    }

    @Test
    void withoutTheBrokerEveryCallIsFleetUnavailable() throws Exception {
        server.stop();
        assertTrue(eventually(() -> !fleet.connected(), 10_000));
        FleetUnavailableException e = assertThrows(FleetUnavailableException.class, operator::agents);
        assertTrue(e.getMessage().contains("not connected"), e.getMessage());
        assertThrows(FleetUnavailableException.class, () -> publish(pkg("hello", "1.0.0")));
        assertThrows(FleetUnavailableException.class, () -> operator.results(null, null, 5));
    }

    private JetStreamManagement resultsStream() throws Exception {
        JetStreamManagement jsm = fleet.connection().jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name(FleetResultPublisher.STREAM)
                .subjects(FleetResultPublisher.SUBJECT_PREFIX + ">").storageType(StorageType.Memory).build());
        return jsm;
    }

    private void publishResult(String agent, String assignment, String id) throws Exception {
        CheckResult r = new CheckResult(id, Status.OK, "fine", null, null, null, "2026-01-01T00:00:00Z", "hello", "1.0.0",
                assignment, agent, null, null);
        fleet.jetStream().publish(FleetResultPublisher.subject(agent, assignment), Json.mapper().writeValueAsBytes(r));
    }

    private static List<String> ids(List<CheckResult> results) {
        return results.stream().map(CheckResult::id).toList();
    }

    /**
     * A registry whose "packages" are the text {@code id@version}; anything else is not a zip. An
     * assignment is valid when its params name a target.
     */
    static final class TextRegistry implements PluginRegistry {
        final Map<String, byte[]> installedBytes = new ConcurrentHashMap<>();
        final Map<String, String> aliases = new ConcurrentHashMap<>();
        final List<String> validatedOrigins = new ArrayList<>();
        final List<String> installOrigins = new ArrayList<>();
        final List<Assignment> validatedAssignments = new ArrayList<>();

        private PluginInfo parse(byte[] bytes, String installedAt) throws InvalidPluginException {
            String text = new String(bytes, StandardCharsets.UTF_8);
            text = aliases.getOrDefault(text, text);
            String[] parts = text.split("@");
            if (parts.length != 2) {
                throw new InvalidPluginException("not_a_zip", "not a package");
            }
            return new PluginInfo(new PluginManifest(parts[0], parts[0], parts[1], null, null, null, null, List.of("log"),
                    null, null, null, null, null), PackageFetcher.sha256(bytes), 1, "key-1", "upload", installedAt, false);
        }

        private static byte[] bytes(InputStream in) {
            try {
                return in.readAllBytes();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public List<PluginInfo> list() {
            return List.of();
        }

        @Override
        public Optional<PluginPackage> find(String id, String version) {
            return installedBytes.keySet().stream().filter(k -> k.equals(id + "@" + version)
                    || version == null && k.startsWith(id + "@")).findFirst().map(k -> null);
        }

        @Override
        public PluginInfo install(InputStream zip, String origin) throws InvalidPluginException {
            byte[] b = bytes(zip);
            PluginInfo info = parse(b, "2026-01-01T00:00:00Z");
            installOrigins.add(origin);
            installedBytes.put(info.id() + "@" + info.version(), b);
            return info;
        }

        @Override
        public PluginInfo validate(InputStream zip, String origin) throws InvalidPluginException {
            validatedOrigins.add(origin);
            return parse(bytes(zip), null);
        }

        @Override
        public boolean delete(String id, String version) {
            return installedBytes.remove(id + "@" + version) != null;
        }

        @Override
        public void validateAssignment(Assignment a) throws InvalidAssignmentException {
            validatedAssignments.add(a);
            if (!a.params().contains("target")) {
                throw new InvalidAssignmentException("params", "params need a target");
            }
        }

        @Override
        public Set<String> secretParams(String id, String version) {
            return Set.of();
        }
    }
}
