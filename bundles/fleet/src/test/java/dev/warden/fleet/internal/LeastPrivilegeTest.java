package dev.warden.fleet.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamOptions;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueOptions;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.ObjectStore;
import io.nats.client.ObjectStoreOptions;
import io.nats.client.Options;
import io.nats.client.PublishOptions;
import io.nats.client.Subscription;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.api.ObjectStoreConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the documented least-privilege configuration ({@code docs/fleet-nats.conf}, agents a1 with
 * labels edge+eu and a2 with edge+us) in a real nats-server and checks, with jnats as the fleet
 * bundle uses it, that agent a1 can do its job and nothing that would let it see or speak for a2.
 * A refused request never gets an answer, so each refusal is also matched against the server's
 * "Permissions Violation" report, to tell a refusal from a slow server.
 */
class LeastPrivilegeTest {

    private static final String NATS_SERVER = "/usr/sbin/nats-server";
    private static final String ASSIGNMENTS = "warden-assignments";
    private static final String AGENTS = "warden-agents";
    private static final String PACKAGES = "warden-packages";
    private static final String RESULTS = "WARDEN_RESULTS";
    private static final Duration PATIENT = Duration.ofSeconds(5);
    /** For requests that are expected to be refused: the answer never comes. */
    private static final Duration IMPATIENT = Duration.ofMillis(700);
    private static final byte[] PACKAGE = "a plugin package, in real life a zip".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;

    private static Process server;
    private static String url;
    private static Connection operator;
    private static Connection a1;
    private static final List<String> a1Errors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServerAndSeedTheBuckets() throws Exception {
        int port = freePort();
        url = "nats://127.0.0.1:" + port;
        Path conf = dir.resolve("nats.conf");
        Files.writeString(conf, Files.readString(documentedConfig())
                .replaceFirst("(?m)^listen: .*$", "listen: 127.0.0.1:" + port)
                .replaceFirst("(?m)^  store_dir: .*$", "  store_dir: \"" + dir.resolve("js") + "\""));
        ProcessBuilder pb = new ProcessBuilder(NATS_SERVER, "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nats.log").toFile());
        pb.environment().putAll(Map.of("WARDEN_OPERATOR_PASSWORD", "op-secret",
                "WARDEN_A1_PASSWORD", "a1-secret", "WARDEN_A2_PASSWORD", "a2-secret"));
        server = pb.start();
        awaitPort(port);

        operator = Nats.connect(options("operator", "op-secret", null, List.of()));
        operator.keyValueManagement().create(KeyValueConfiguration.builder().name(ASSIGNMENTS)
                .storageType(StorageType.File).maxHistoryPerKey(1).build());
        operator.keyValueManagement().create(KeyValueConfiguration.builder().name(AGENTS)
                .storageType(StorageType.File).build());
        operator.objectStoreManagement().create(ObjectStoreConfiguration.builder(PACKAGES)
                .storageType(StorageType.File).build());
        operator.jetStreamManagement().addStream(StreamConfiguration.builder().name(RESULTS)
                .subjects("warden.results.>").storageType(StorageType.File).build());

        KeyValue kv = operator.keyValue(ASSIGNMENTS);
        for (String key : List.of("agent.a1.x1", "agent.a2.y1", "label.edge.e1", "label.eu.u1", "label.us.s1")) {
            kv.put(key, "{\"plugin_id\":\"" + key + "\"}");
        }
        operator.objectStore(PACKAGES).put("sha256-of-the-package", PACKAGE);

        a1 = Nats.connect(options("a1", "a1-secret", "_INBOX_a1", a1Errors));
    }

    @AfterAll
    static void stop() throws Exception {
        for (Connection c : new Connection[] {a1, operator}) {
            if (c != null) {
                c.close();
            }
        }
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    // ---- what an agent may do ----

    @Test
    void agentReadsTheBucketsStatusButNotTheResultStreams() throws Exception {
        // what the fleet bundle's Buckets does before opening a bucket
        assertEquals(ASSIGNMENTS, a1.keyValueManagement().getStatus(ASSIGNMENTS).getBucketName());
        assertEquals(AGENTS, a1.keyValueManagement().getStatus(AGENTS).getBucketName());
        assertEquals(PACKAGES, a1.objectStoreManagement().getStatus(PACKAGES).getBucketName());
        // stream info with a subject filter would list every agent's result subjects
        JetStreamManagement jsm = a1.jetStreamManagement(JetStreamOptions.builder().requestTimeout(IMPATIENT).build());
        assertRefused(() -> jsm.getStreamInfo(RESULTS), "$JS.API.STREAM.INFO.WARDEN_RESULTS");
    }

    @Test
    void agentGetsItsOwnKeysAndThoseOfItsLabels() throws Exception {
        KeyValue kv = a1.keyValue(ASSIGNMENTS, kvOptions(PATIENT));
        for (String key : List.of("agent.a1.x1", "label.edge.e1", "label.eu.u1")) {
            KeyValueEntry entry = kv.get(key);
            assertNotNull(entry, key);
            assertEquals("{\"plugin_id\":\"" + key + "\"}", entry.getValueAsString());
        }
        assertNull(kv.get("agent.a1.absent"), "a missing own key reads as absent, not as refused");
    }

    @Test
    void agentWatchesItsPrefixesAndSeesLiveChanges() throws Exception {
        KeyValue kv = a1.keyValue(ASSIGNMENTS, kvOptions(PATIENT));
        Map<String, String> seen = new ConcurrentHashMap<>();
        BlockingQueue<String> updates = new LinkedBlockingQueue<>();
        List<NatsKeyValueWatchSubscription> watches = new ArrayList<>();
        // one watch per filter, as the fleet bundle does: a single consumer with several filters
        // would need the filter-less create subject, which is not granted (and nats-server 2.10)
        for (String filter : List.of("agent.a1.*", "label.edge.*", "label.eu.>")) {
            watches.add(kv.watch(filter, collect(seen, updates)));
        }
        try {
            awaitKeys(seen, "agent.a1.x1", "label.edge.e1", "label.eu.u1");
            operator.keyValue(ASSIGNMENTS).put("label.eu.live", "{}");
            operator.keyValue(ASSIGNMENTS).put("agent.a2.not-mine", "{}");
            operator.keyValue(ASSIGNMENTS).put("agent.a1.live", "{}");
            awaitKeys(seen, "label.eu.live", "agent.a1.live");
            assertTrue(seen.keySet().stream().allMatch(k -> k.startsWith("agent.a1.") || k.startsWith("label.edge.")
                    || k.startsWith("label.eu.")), "only own keys: " + seen.keySet());
        } finally {
            for (NatsKeyValueWatchSubscription w : watches) {
                w.unsubscribe();
            }
        }
    }

    @Test
    void agentReadsPackages() throws Exception {
        ObjectStore os = a1.objectStore(PACKAGES, ObjectStoreOptions.builder().jsRequestTimeout(PATIENT).build());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        os.get("sha256-of-the-package", out);
        assertArrayEquals(PACKAGE, out.toByteArray());
        assertEquals(PACKAGE.length, os.getInfo("sha256-of-the-package").getSize());
        assertEquals(List.of("sha256-of-the-package"), os.getList().stream().map(o -> o.getObjectName()).toList());
    }

    @Test
    void agentPublishesItsResultsOnceEach() throws Exception {
        JetStream js = a1.jetStream(JetStreamOptions.builder().requestTimeout(PATIENT).build());
        PublishOptions id = PublishOptions.builder().messageId("result-1").build();
        long first = js.publish("warden.results.a1.x1", "{}".getBytes(StandardCharsets.UTF_8), id).getSeqno();
        var again = js.publish("warden.results.a1.x1", "{}".getBytes(StandardCharsets.UTF_8), id);
        assertTrue(again.isDuplicate(), "Nats-Msg-Id deduplicates");
        assertEquals(first, again.getSeqno());
        assertEquals(1, operatorCount("warden.results.a1.x1"));
    }

    @Test
    void agentWritesAndReadsItsHeartbeat() throws Exception {
        KeyValue agents = a1.keyValue(AGENTS, kvOptions(PATIENT));
        agents.put("a1", "{\"version\":\"1\"}");
        assertEquals("{\"version\":\"1\"}", agents.get("a1").getValueAsString());
        assertEquals("{\"version\":\"1\"}", operator.keyValue(AGENTS).get("a1").getValueAsString());
    }

    // ---- what it may not do ----

    @Test
    void agentCannotGetAnotherAgentsKeysOrForeignLabels() throws Exception {
        KeyValue kv = a1.keyValue(ASSIGNMENTS, kvOptions(IMPATIENT));
        assertRefused(() -> kv.get("agent.a2.y1"), "$KV.warden-assignments.agent.a2.y1");
        assertRefused(() -> kv.get("label.us.s1"), "$KV.warden-assignments.label.us.s1");
    }

    @Test
    void agentCannotReadKeysThroughTheGenericMessageGet() throws Exception {
        String body = "{\"last_by_subj\":\"$KV.warden-assignments.agent.a2.y1\"}";
        assertRefused(() -> a1.request("$JS.API.STREAM.MSG.GET.KV_warden-assignments",
                body.getBytes(StandardCharsets.UTF_8), IMPATIENT), "$JS.API.STREAM.MSG.GET.KV_warden-assignments");
    }

    @Test
    void agentCannotWatchAnotherAgentsKeysNorTheWholeBucket() throws Exception {
        KeyValue kv = a1.keyValue(ASSIGNMENTS, kvOptions(IMPATIENT));
        Map<String, String> seen = new ConcurrentHashMap<>();
        assertRefused(() -> kv.watch("agent.a2.>", collect(seen, new LinkedBlockingQueue<>())), "agent.a2.>");
        assertRefused(() -> kv.watchAll(collect(seen, new LinkedBlockingQueue<>())), "$KV.warden-assignments.>");
        assertTrue(seen.isEmpty(), "nothing delivered: " + seen);
    }

    /**
     * Why the fleet bundle needs one watch per filter: against 2.9 jnats refuses several filters
     * itself; against 2.10+ the consumer would be created on the filter-less subject, which is not granted.
     */
    @Test
    void agentCannotWatchSeveralFiltersWithOneConsumer() throws Exception {
        KeyValue kv = a1.keyValue(ASSIGNMENTS, kvOptions(IMPATIENT));
        Map<String, String> seen = new ConcurrentHashMap<>();
        Call watchBoth = () -> kv.watch(List.of("agent.a1.*", "label.edge.*"), collect(seen, new LinkedBlockingQueue<>()));
        if (a1.getServerInfo().isOlderThanVersion("2.10.0")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, watchBoth::run);
            assertTrue(e.getMessage().contains("Multiple filter subjects"), e.getMessage());
        } else {
            assertRefused(watchBoth, "$JS.API.CONSUMER.CREATE.KV_warden-assignments");
        }
        assertTrue(seen.isEmpty(), "nothing delivered: " + seen);
    }

    @Test
    void agentCannotPublishAnotherAgentsResults() throws Exception {
        JetStream js = a1.jetStream(JetStreamOptions.builder().requestTimeout(IMPATIENT).build());
        assertRefused(() -> js.publish("warden.results.a2.y1", "{}".getBytes(StandardCharsets.UTF_8)),
                "warden.results.a2.y1");
        assertEquals(0, operatorCount("warden.results.a2.>"));
    }

    @Test
    void agentCannotWriteAssignmentsPackagesOrAnotherHeartbeat() throws Exception {
        KeyValue kv = a1.keyValue(ASSIGNMENTS, kvOptions(IMPATIENT));
        assertRefused(() -> kv.put("agent.a1.x1", "{\"plugin_id\":\"evil\"}"), "$KV.warden-assignments.agent.a1.x1");
        KeyValue agents = a1.keyValue(AGENTS, kvOptions(IMPATIENT));
        assertRefused(() -> agents.put("a2", "{}"), "$KV.warden-agents.a2");
        ObjectStore os = a1.objectStore(PACKAGES, ObjectStoreOptions.builder().jsRequestTimeout(IMPATIENT).build());
        assertRefused(() -> os.put("evil", "x".getBytes(StandardCharsets.UTF_8)), "$O.warden-packages.");
        assertEquals("{\"plugin_id\":\"agent.a1.x1\"}",
                operator.keyValue(ASSIGNMENTS).get("agent.a1.x1").getValueAsString());
        assertNull(operator.keyValue(AGENTS).get("a2"));
    }

    @Test
    void agentCannotListenOnAnotherAgentsInbox() throws Exception {
        for (String subject : List.of("_INBOX_a2.>", "_INBOX.>", "warden.results.>")) {
            Subscription sub = a1.subscribe(subject);
            awaitViolation(subject);
            operator.publish(subject.replace(">", "probe"), "secret".getBytes(StandardCharsets.UTF_8));
            operator.flush(PATIENT);
            Message leaked = sub.nextMessage(Duration.ofMillis(200));
            assertNull(leaked, "delivered on " + subject);
            sub.unsubscribe();
        }
    }

    // ---- helpers ----

    @FunctionalInterface
    private interface Call {
        Object run() throws Exception;
    }

    /** A refused call fails (no answer comes) and the server reports the violation for its subject. */
    private static void assertRefused(Call call, String subjectFragment) throws InterruptedException {
        Object answer = null;
        try {
            answer = call.run();
        } catch (Exception expected) {
            awaitViolation(subjectFragment);
            return;
        }
        if (answer == null) { // Connection.request answers null on timeout
            awaitViolation(subjectFragment);
            return;
        }
        fail("not refused: " + subjectFragment + " answered " + answer);
    }

    private static void awaitViolation(String subjectFragment) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENT.toNanos();
        while (System.nanoTime() < deadline) {
            if (a1Errors.stream().anyMatch(e -> e.contains("Permissions Violation") && e.contains(subjectFragment))) {
                return;
            }
            Thread.sleep(20);
        }
        fail("no permissions violation reported for " + subjectFragment + "; errors: " + a1Errors);
    }

    private static KeyValueWatcher collect(Map<String, String> seen, BlockingQueue<String> updates) {
        return new KeyValueWatcher() {
            @Override
            public void watch(KeyValueEntry entry) {
                seen.put(entry.getKey(), entry.getValueAsString() == null ? "" : entry.getValueAsString());
                updates.add(entry.getKey());
            }

            @Override
            public void endOfData() {
                // the initial values are in; live updates follow through watch()
            }
        };
    }

    private static void awaitKeys(Map<String, String> seen, String... keys) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENT.toNanos();
        while (System.nanoTime() < deadline) {
            if (seen.keySet().containsAll(List.of(keys))) {
                return;
            }
            Thread.sleep(20);
        }
        fail("watch did not deliver " + List.of(keys) + "; saw " + seen.keySet());
    }

    private static long operatorCount(String filter) throws Exception {
        JetStreamManagement jsm = operator.jetStreamManagement();
        return jsm.getStreamInfo(RESULTS, io.nats.client.api.StreamInfoOptions.filterSubjects(filter))
                .getStreamState().getSubjects().stream().mapToLong(s -> s.getCount()).sum();
    }

    private static KeyValueOptions kvOptions(Duration timeout) {
        return KeyValueOptions.builder().jsRequestTimeout(timeout).build();
    }

    private static Options options(String user, String password, String inboxPrefix, List<String> errors) {
        Options.Builder b = Options.builder().server(url).userInfo(user, password)
                .connectionTimeout(PATIENT).maxReconnects(0)
                .errorListener(new ErrorListener() {
                    @Override
                    public void errorOccurred(Connection conn, String error) {
                        errors.add(error);
                    }
                });
        if (inboxPrefix != null) {
            b.inboxPrefix(inboxPrefix);
        }
        return b.build();
    }

    private static Path documentedConfig() {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path conf = d.resolve("docs/fleet-nats.conf");
            if (Files.isRegularFile(conf)) {
                return conf;
            }
        }
        throw new IllegalStateException("docs/fleet-nats.conf not found above " + Path.of("").toAbsolutePath());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                fail("nats-server exited: " + Files.readString(dir.resolve("nats.log")));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        fail("nats-server did not listen on " + port);
    }
}
