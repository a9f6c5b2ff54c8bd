package dev.warden.fleet.internal;

import static dev.warden.fleet.internal.FleetTestSupport.eventually;
import static dev.warden.fleet.internal.FleetTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.api.dto.Assignment;
import io.nats.client.KeyValue;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignmentWatchTest {

    @TempDir
    Path tmp;

    private NatsServerProcess server;
    private FleetConnection fleet;
    private AssignmentWatch watch;
    private final AtomicInteger notices = new AtomicInteger();

    @BeforeEach
    void startBroker() throws Exception {
        assumeTrue(NatsServerProcess.available(), "nats-server is not installed at /usr/sbin/nats-server");
        server = new NatsServerProcess(tmp.resolve("store")).start();
        fleet = new FleetConnection(settings(server.url(), "a1", List.of("web"), tmp.resolve("agent")));
        assertTrue(eventually(fleet::connected, 10_000), "connected to the test broker");
        watch = newWatch(fleet);
        watch.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (watch != null) {
            watch.close();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private AssignmentWatch newWatch(FleetConnection connection) {
        return new AssignmentWatch(connection,
                new AssignmentCache(connection.settings().dataDir().resolve("assignments.json")), w -> notices.incrementAndGet());
    }

    private KeyValue kv() throws Exception {
        return Buckets.keyValue(fleet.connection(), Buckets.ASSIGNMENTS, 1);
    }

    private static byte[] json(String plugin, long interval) {
        return ("{\"plugin_id\":\"" + plugin + "\",\"interval_ms\":" + interval + ",\"params\":{\"target\":\"x\"}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, Assignment> byId() {
        return watch.assignments().stream().collect(Collectors.toMap(Assignment::id, a -> a));
    }

    @Test
    void assignmentsForTheAgentAndItsLabelsAreListedOthersAreNot() throws Exception {
        kv().put("agent.a1.ping", json("hello-c", 5000));
        kv().put("label.web.http", json("http-check", 10000));
        kv().put("label.db.pg", json("pg-check", 10000));
        kv().put("agent.a2.other", json("hello-c", 5000));

        assertTrue(eventually(() -> byId().keySet().equals(java.util.Set.of("ping", "http")), 5000), () -> "got " + byId());
        Assignment ping = byId().get("ping");
        assertEquals("hello-c", ping.pluginId());
        assertEquals(5000, ping.intervalMs());
        assertEquals("{\"target\":\"x\"}", ping.params());
        assertEquals("fleet", ping.source());
    }

    @Test
    void aChangeNotifiesAndADeleteRemoves() throws Exception {
        long first = kv().put("agent.a1.ping", json("hello-c", 5000));
        assertTrue(eventually(() -> byId().containsKey("ping") && watch.revision() >= first, 5000));
        int before = notices.get();

        long second = kv().put("agent.a1.ping", json("hello-c", 7000));
        assertTrue(eventually(() -> byId().get("ping").intervalMs() == 7000, 5000));
        assertTrue(eventually(() -> notices.get() > before, 5000), "listener told of the change");
        assertTrue(watch.revision() >= second, "revision follows the bucket");

        kv().delete("agent.a1.ping");
        assertTrue(eventually(() -> byId().isEmpty(), 5000), () -> "still " + byId());
    }

    @Test
    void anAgentRestartedWhileTheBrokerIsDownResumesFromDisk() throws Exception {
        kv().put("label.web.http", json("http-check", 10000));
        Path cache = fleet.settings().dataDir().resolve("assignments.json");
        assertTrue(eventually(() -> byId().containsKey("http") && java.nio.file.Files.exists(cache), 5000));
        assertTrue(eventually(() -> new AssignmentCache(cache).load().byKey().containsKey("label.web.http"), 5000));
        watch.close();
        fleet.close();
        server.stop();

        fleet = new FleetConnection(settings(server.url(), "a1", List.of("web"), tmp.resolve("agent")));
        watch = newWatch(fleet);
        watch.start();

        assertEquals("http-check", byId().get("http").pluginId());
        assertTrue(watch.revision() > 0, "the cached revision is reported");
    }
}
