package dev.warden.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.ObjectStore;
import io.nats.client.Options;
import io.nats.client.api.ObjectMeta;
import io.nats.client.api.OrderedConsumerConfiguration;
import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three {@code bin/warden} processes sharing one real {@code nats-server} run with the documented
 * least-privilege configuration ({@code docs/fleet-nats.conf}): {@code ops} connects as the
 * operator user and is driven over its REST API; {@code a1} (labels edge, eu) and {@code a2}
 * (labels edge, us) connect as their own restricted users. The test itself connects as the
 * operator only to read the result stream by message id and to play an attacker with write access
 * to the package store.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

    private static final String OPS = "ops";
    private static final Map<String, String> PASSWORDS = Map.of(
            "operator", "op-" + UUID.randomUUID(), "a1", "a1-" + UUID.randomUUID(), "a2", "a2-" + UUID.randomUUID());

    private static Path work;
    private static NatsBroker broker;
    private static PluginPackages packages;
    private static RunningAgent ops;
    private static RunningAgent a1;
    private static RunningAgent a2;
    private static Connection operator;

    @BeforeAll
    static void startFleet() throws Exception {
        assumeTrue(NatsBroker.available(), "nats-server is not installed (.ci/run installs the Debian package)");
        work = Files.createTempDirectory("fleet-it");
        packages = PluginPackages.withNewKey(Files.createDirectories(work.resolve("keys")));
        Path conf = Path.of(System.getProperty("warden.examples")).resolveSibling("docs").resolve("fleet-nats.conf");
        broker = NatsBroker.start(conf, work.resolve("nats"), Map.of(
                "WARDEN_OPERATOR_PASSWORD", PASSWORDS.get("operator"),
                "WARDEN_A1_PASSWORD", PASSWORDS.get("a1"),
                "WARDEN_A2_PASSWORD", PASSWORDS.get("a2")));
        // The operator agent first: agents' users may not create buckets, the operator's may.
        ops = agent(OPS, "operator", "").start();
        eventually("ops reports itself in warden-agents", () -> agentIds().contains(OPS), Duration.ofSeconds(30));
        a1 = agent("a1", "a1", "edge,eu");
        a2 = agent("a2", "a2", "edge,us");
        CompletableFuture<?> first = CompletableFuture.runAsync(() -> start(a1));
        start(a2);
        first.join();
        operator = Nats.connect(new Options.Builder().server(broker.url()).userInfo("operator", PASSWORDS.get("operator"))
                .connectionTimeout(Duration.ofSeconds(5)).build());
        eventually("a1 and a2 report themselves", () -> agentIds().containsAll(List.of("a1", "a2")), Duration.ofSeconds(30));
    }

    @AfterAll
    static void stopFleet() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {operator, a1, a2, ops, broker}) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    // the others still close
                }
            }
        }
        RunningAgent.deleteTree(work);
    }

    private static RunningAgent agent(String id, String user, String labels) throws Exception {
        RunningAgent agent = RunningAgent.prepare("fleet-" + id);
        packages.trustIn(agent.home());
        Path load = agent.home().resolve("load");
        Files.writeString(load.resolve("dev.warden.fleet.cfg"), String.join("\n",
                "servers=" + broker.url(),
                "agent_id=" + id,
                "labels=" + labels,
                "user=" + user,
                ".password=" + PASSWORDS.get(user),
                "operator=" + OPS.equals(id),
                "heartbeat_seconds=1", ""), StandardCharsets.UTF_8);
        // results carry the scheduler's agent id: the same one
        Files.writeString(load.resolve("dev.warden.scheduler.cfg"), "agent_id=" + id + "\n", StandardCharsets.UTF_8);
        return agent;
    }

    private static void start(RunningAgent agent) {
        try {
            agent.start();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- tests ----------------------------------------------------------------------------------

    @Test
    @Order(1)
    void aPackagePublishedOnceRunsOnlyWhereItsAssignmentTargets() throws Exception {
        byte[] zip = Files.readAllBytes(packages.helloPackage("fleet-hello", "Fleet hello"));
        HttpResponse<String> published = RunningAgent.send(ops.api("/api/v1/fleet/plugins")
                .header("Content-Type", "application/zip").POST(HttpRequest.BodyPublishers.ofByteArray(zip)).build());
        assertEquals(201, published.statusCode(), published.body());

        byte[] unsigned = unsignedCopy(zip);
        HttpResponse<String> refused = RunningAgent.send(ops.api("/api/v1/fleet/plugins")
                .header("Content-Type", "application/zip").POST(HttpRequest.BodyPublishers.ofByteArray(unsigned)).build());
        assertEquals(422, refused.statusCode(), "publishing validates like an upload: " + refused.body());
        assertTrue(refused.body().contains("signature_required"), refused.body());

        putAssignment("eu-check", "{\"label\":\"eu\"}");
        putAssignment("a2-check", "{\"agent\":\"a2\"}");

        eventually("a1 runs eu-check", () -> localResults(a1, "eu-check").size() >= 2, Duration.ofSeconds(45));
        eventually("a2 runs a2-check", () -> localResults(a2, "a2-check").size() >= 2, Duration.ofSeconds(45));
        assertEquals(Set.of("eu-check"), fleetAssignmentIds(a1), "a1 (edge, eu) has the eu assignment only");
        assertEquals(Set.of("a2-check"), fleetAssignmentIds(a2), "a2 (edge, us) has its own assignment only");
        assertEquals(List.of(), localResults(a2, "eu-check"));
        assertEquals(List.of(), localResults(a1, "a2-check"));
        for (Map<String, Object> r : localResults(a1, "eu-check")) {
            assertEquals("OK", r.get("status"), r.toString());
            assertEquals("fleet-hello", r.get("plugin_id"));
        }

        eventually("results of both agents reach the stream",
                () -> !fleetResults("a1", "eu-check").isEmpty() && !fleetResults("a2", "a2-check").isEmpty(),
                Duration.ofSeconds(30));
        assertEquals(List.of(), fleetResults("a1", "a2-check"));
        assertEquals(List.of(), fleetResults("a2", "eu-check"));

        HttpResponse<String> notOperator = RunningAgent.send(a1.api("/api/v1/fleet/agents").GET().build());
        assertEquals(503, notOperator.statusCode(), "a1 is not configured as an operator: " + notOperator.body());
        assertTrue(notOperator.body().contains("fleet_unavailable"), notOperator.body());

        Map<String, Map<String, Object>> agents = agentsById();
        assertEquals(List.of("edge", "eu"), agents.get("a1").get("labels"));
        assertEquals(List.of("edge", "us"), agents.get("a2").get("labels"));
        assertTrue(((Number) agents.get("a1").get("config_revision")).longValue() > 0, agents.toString());
    }

    @Test
    @Order(2)
    void aTwentySecondBrokerOutageLosesAndDuplicatesNoResult() throws Exception {
        int a1Before = localResults(a1, "eu-check").size();
        int a2Before = localResults(a2, "a2-check").size();
        assertTrue(metrics(a1).contains("warden_fleet_connected 1.0"), metrics(a1));
        broker.stop();
        Thread.sleep(20_000);
        HttpResponse<String> health = RunningAgent.send(HttpRequest.newBuilder(a1.uri("/api/v1/health")).GET().build());
        assertTrue(health.body().contains("\"status\":\"DEGRADED\"") && health.body().contains("\"fleet\":\"DISCONNECTED\""),
                health.body());
        String away = metrics(a1);
        assertTrue(away.contains("warden_fleet_connected 0.0"), away);
        assertTrue(away.contains("warden_fleet_assignments_live 0.0"), away);
        assertTrue(away.lines().anyMatch(l -> l.startsWith("warden_fleet_result_backlog ")
                && Double.parseDouble(l.substring(l.indexOf(' ') + 1)) >= 10), "the backlog shows in /metrics: " + away);
        assertTrue(localResults(a1, "eu-check").size() >= a1Before + 10, "a1 kept running while the broker was away");
        assertTrue(localResults(a2, "a2-check").size() >= a2Before + 10, "a2 kept running while the broker was away");
        broker.start();

        assertEveryJournalledResultReachesTheStreamOnce(a1, "a1", "eu-check");
        assertEveryJournalledResultReachesTheStreamOnce(a2, "a2", "a2-check");
        eventually("a1's /metrics shows the backlog drained", () -> metrics(a1).lines()
                .anyMatch(l -> l.equals("warden_fleet_result_backlog 0.0") || l.equals("warden_fleet_result_backlog 1.0")),
                Duration.ofSeconds(20));
        assertTrue(metrics(a1).contains("warden_fleet_assignments_live 1.0"), metrics(a1));
        eventually("the agents report their backlog drained", () -> agentsById().values().stream()
                .allMatch(a -> ((Number) a.get("result_backlog")).longValue() <= 1
                        && ((Number) a.get("results_skipped")).longValue() == 0), Duration.ofSeconds(20));
    }

    @Test
    @Order(3)
    void anAgentRestartedWhileTheBrokerIsDownResumesItsAssignmentsFromDisk() throws Exception {
        broker.stop();
        a1.kill();
        a1.start();
        assertEquals(Set.of("eu-check"), fleetAssignmentIds(a1), "the last known set, from disk");
        int after = localResults(a1, "eu-check").size();
        eventually("a1 runs eu-check again without the broker",
                () -> localResults(a1, "eu-check").size() >= after + 3, Duration.ofSeconds(30));
        broker.start();
        assertEveryJournalledResultReachesTheStreamOnce(a1, "a1", "eu-check");
    }

    @Test
    @Order(4)
    void aTamperedObjectIsRefusedReportedAndNeverRun() throws Exception {
        byte[] genuine = Files.readAllBytes(packages.helloPackage("tampered", "Published"));
        byte[] other = Files.readAllBytes(packages.helloPackage("tampered", "Swapped in the store"));
        String name = sha256(genuine);
        // someone with write access to the store replaces the content under the published name
        ObjectStore store = operator.objectStore("warden-packages");
        store.put(ObjectMeta.builder(name).metadata(Map.of("id", "tampered", "version", "1.0.0", "signature", "warden-it"))
                .build(), new ByteArrayInputStream(other));
        operator.keyValue("warden-assignments").put("label.edge.tampered-check",
                "{\"plugin_id\":\"tampered\",\"interval_ms\":1000,\"params\":{\"target\":\"x\"},\"enabled\":true}"
                        .getBytes(StandardCharsets.UTF_8));

        String actual = sha256(other);
        for (String agent : List.of("a1", "a2")) {
            eventually(agent + " reports the refused object", () -> refusals(agent).stream()
                    .anyMatch(r -> r.contains(name) && r.contains("hashes to " + actual)), Duration.ofSeconds(30));
        }
        for (RunningAgent agent : List.of(a1, a2)) {
            HttpResponse<String> plugins = RunningAgent.send(agent.api("/api/v1/plugins").GET().build());
            assertFalse(plugins.body().contains("\"tampered\""), "never installed: " + plugins.body());
            eventually("the assignment fails as not installed", () -> !localResults(agent, "tampered-check").isEmpty(),
                    Duration.ofSeconds(30));
            for (Map<String, Object> r : localResults(agent, "tampered-check")) {
                assertEquals("UNKNOWN", r.get("status"), r.toString());
            }
        }
    }

    @Test
    @Order(5)
    void theOperatorSeesTheFleetInTheConsoleAndADeletedAssignmentStopsLive() throws Exception {
        HttpResponse<String> page = RunningAgent.send(ops.console("/system/console/warden/fleet").GET().build());
        assertEquals(200, page.statusCode());
        for (String agent : List.of("a1", "a2", OPS)) {
            assertTrue(page.body().contains("data-agent=\"" + agent + "\""), agent + " listed on the console page");
        }
        assertTrue(page.body().contains("data-target=\"label.eu\" data-assignment=\"eu-check\""), page.body());

        HttpResponse<String> deleted = RunningAgent.send(ops.api("/api/v1/fleet/assignments/a2-check?agent=a2")
                .DELETE().build());
        assertEquals(204, deleted.statusCode(), deleted.body());
        eventually("a2 drops the deleted assignment without a restart", () -> !fleetAssignmentIds(a2).contains("a2-check"),
                Duration.ofSeconds(20));
        HttpResponse<String> again = RunningAgent.send(ops.api("/api/v1/fleet/assignments/a2-check?agent=a2")
                .DELETE().build());
        assertEquals(404, again.statusCode(), again.body());
        assertEquals(Set.of("eu-check", "tampered-check"), fleetAssignmentIds(a1), "a1's assignments are untouched");
    }

    @Test
    @Order(6)
    void anInvalidValueWrittenPastTheApiIsNotRunAndALabelTheBrokerRefusesIsReported() throws Exception {
        // grants the manifest of fleet-hello never requested, written with the nats CLI's rights
        operator.keyValue("warden-assignments").put("agent.a1.greedy", ("{\"plugin_id\":\"fleet-hello\","
                + "\"interval_ms\":1000,\"params\":{},\"grants\":{\"permissions\":{\"allowed_domains\":"
                + "[\"evil.example\"]}}}").getBytes(StandardCharsets.UTF_8));
        eventually("a1 reports the rejected assignment", () -> stringList(agentsById().get("a1"), "rejected_assignments")
                .stream().anyMatch(r -> r.startsWith("greedy: ") && r.contains("evil.example")), Duration.ofSeconds(30));
        assertFalse(fleetAssignmentIds(a1).contains("greedy"), "not run");
        assertEquals(List.of(), localResults(a1, "greedy"));

        // a2 now claims label eu, which its broker user may not read: applied live, refused by the broker
        Files.writeString(a2.home().resolve("load/dev.warden.fleet.cfg"), Files.readString(
                a2.home().resolve("load/dev.warden.fleet.cfg")).replace("labels=edge,us", "labels=edge,us,eu"));
        eventually("a2 reports that it cannot read label eu", () -> {
            Map<String, Object> entry = agentsById().get("a2");
            String error = String.valueOf(entry.get("assignments_error"));
            return stringList(entry, "labels").contains("eu") && error.contains("cannot watch label.eu.*")
                    && error.contains("Permissions Violation");
        }, Duration.ofSeconds(45));
        assertFalse(fleetAssignmentIds(a2).contains("eu-check"), "another label's assignment never reaches a2");
        assertEquals(List.of(), localResults(a2, "eu-check"));
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static void putAssignment(String id, String target) throws Exception {
        String body = "{\"plugin_id\":\"fleet-hello\",\"interval_ms\":1000,\"params\":{\"target\":\"fleet\"},"
                + "\"enabled\":true,\"target\":" + target + "}";
        HttpResponse<String> put = RunningAgent.send(ops.api("/api/v1/fleet/assignments/" + id)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(200, put.statusCode(), put.body());
    }

    /** Every result id the agent's journal serves is in the stream exactly once (by Nats-Msg-Id). */
    private static void assertEveryJournalledResultReachesTheStreamOnce(RunningAgent agent, String agentId,
            String assignment) throws Exception {
        Set<String> journalled = new HashSet<>();
        localResults(agent, assignment).forEach(r -> journalled.add((String) r.get("id")));
        List<String> streamed = new ArrayList<>();
        eventually(agentId + "'s journal drains into the stream", () -> {
            streamed.clear();
            streamed.addAll(streamMessageIds("warden.results." + agentId + "." + assignment));
            return streamed.containsAll(journalled);
        }, Duration.ofSeconds(60));
        assertEquals(new HashSet<>(streamed).size(), streamed.size(), "no result id twice in the stream");
        Set<String> now = new HashSet<>();
        localResults(agent, assignment).forEach(r -> now.add((String) r.get("id")));
        assertTrue(now.containsAll(streamed), "nothing in the stream that the agent did not journal");
    }

    /** The Nats-Msg-Id of every message on one subject of WARDEN_RESULTS, in stream order. */
    private static List<String> streamMessageIds(String subject) throws Exception {
        List<String> ids = new ArrayList<>();
        var consumer = operator.getStreamContext("WARDEN_RESULTS")
                .createOrderedConsumer(new OrderedConsumerConfiguration().filterSubject(subject));
        try (var messages = consumer.iterate()) {
            for (Message m; (m = messages.nextMessage(Duration.ofMillis(750))) != null;) {
                ids.add(m.getHeaders() == null ? null : m.getHeaders().getFirst("Nats-Msg-Id"));
            }
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> localResults(RunningAgent agent, String assignment) throws Exception {
        HttpResponse<String> r = RunningAgent.send(agent.api("/api/v1/results?limit=1000&assignment=" + assignment).GET().build());
        assertEquals(200, r.statusCode(), r.body());
        return (List<Map<String, Object>>) JsonReader.object(r.body()).get("results");
    }

    @SuppressWarnings("unchecked")
    private static Set<String> fleetAssignmentIds(RunningAgent agent) throws Exception {
        HttpResponse<String> r = RunningAgent.send(agent.api("/api/v1/assignments").GET().build());
        assertEquals(200, r.statusCode(), r.body());
        Set<String> ids = new HashSet<>();
        for (Object o : (List<Object>) JsonReader.object(r.body()).get("assignments")) {
            Map<String, Object> a = (Map<String, Object>) o;
            if ("fleet".equals(a.get("source"))) {
                ids.add((String) a.get("id"));
            }
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> fleetResults(String agent, String assignment) throws Exception {
        HttpResponse<String> r = RunningAgent.send(ops.api("/api/v1/fleet/results?agent=" + agent + "&assignment="
                + assignment + "&limit=50").GET().build());
        assertEquals(200, r.statusCode(), r.body());
        return (List<Map<String, Object>>) JsonReader.object(r.body()).get("results");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> agentsById() throws Exception {
        HttpResponse<String> r = RunningAgent.send(ops.api("/api/v1/fleet/agents").GET().build());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
        for (Object o : (List<Object>) JsonReader.object(r.body()).get("agents")) {
            Map<String, Object> a = (Map<String, Object>) o;
            byId.put((String) a.get("agent_id"), a);
        }
        return byId;
    }

    private static Set<String> agentIds() throws Exception {
        HttpResponse<String> r = RunningAgent.send(ops.api("/api/v1/fleet/agents").GET().build());
        return r.statusCode() == 200 ? agentsByIdUnchecked(r.body()) : Set.of();
    }

    @SuppressWarnings("unchecked")
    private static Set<String> agentsByIdUnchecked(String body) {
        Set<String> ids = new HashSet<>();
        for (Object o : (List<Object>) JsonReader.object(body).get("agents")) {
            ids.add((String) ((Map<String, Object>) o).get("agent_id"));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static List<String> stringList(Map<String, Object> entry, String field) {
        Object list = entry == null ? null : entry.get(field);
        return list == null ? List.of() : (List<String>) list;
    }

    @SuppressWarnings("unchecked")
    private static List<String> refusals(String agent) throws Exception {
        Object list = agentsById().getOrDefault(agent, Map.of()).get("refused_packages");
        return list == null ? List.of() : (List<String>) list;
    }

    private static String metrics(RunningAgent agent) throws Exception {
        HttpResponse<String> r = RunningAgent.send(agent.api("/metrics").GET().build());
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    /** The same package without its signature.json (bytes of a new zip). */
    private static byte[] unsignedCopy(byte[] zip) throws Exception {
        var out = new java.io.ByteArrayOutputStream();
        try (var in = new java.util.zip.ZipInputStream(new ByteArrayInputStream(zip));
                var z = new java.util.zip.ZipOutputStream(out)) {
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null;) {
                if (!e.getName().equals("signature.json")) {
                    z.putNextEntry(new java.util.zip.ZipEntry(e.getName()));
                    z.write(in.readAllBytes());
                    z.closeEntry();
                }
            }
        }
        return out.toByteArray();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static void eventually(String what, Callable<Boolean> condition, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (Boolean.TRUE.equals(condition.call())) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("not within " + timeout + ": " + what + (last == null ? "" : " (last error: " + last + ")")
                + "\n--- a1:\n" + (a1 == null ? "" : a1.tail(30)) + "\n--- ops:\n" + (ops == null ? "" : ops.tail(30)));
    }
}
