package dev.warden.fleet.internal;

import static dev.warden.fleet.internal.FleetTestSupport.eventually;
import static dev.warden.fleet.internal.FleetTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetResultPublisherTest {

    @TempDir
    Path tmp;

    private NatsServerProcess server;
    private FleetConnection fleet;
    private FleetResultPublisher publisher;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(NatsServerProcess.available(), "nats-server is not installed at /usr/sbin/nats-server");
        server = new NatsServerProcess(tmp.resolve("store")).start();
        fleet = new FleetConnection(settings(server.url(), "a1", List.of(), tmp.resolve("agent")));
        assertTrue(eventually(fleet::connected, 10_000), "connected to the test broker");
        publisher = new FleetResultPublisher(fleet);
    }

    @AfterEach
    void stop() throws Exception {
        if (publisher != null) {
            publisher.deactivate();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static CheckResult result(String id) {
        return new CheckResult(id, Status.OK, "fine", null, null, null, "2026-01-01T00:00:00Z", "hello-c", "1.0.0",
                "ping", "a1", null, null);
    }

    private long count() {
        try {
            return fleet.connection().jetStreamManagement().getStreamInfo(FleetResultPublisher.STREAM)
                    .getStreamState().getMsgCount();
        } catch (Exception e) {
            return -1;
        }
    }

    @Test
    void aResultReachesTheStreamWithItsIdAsMessageIdAndARepublishIsDropped() throws Exception {
        publisher.publish(result("r-1"));
        assertTrue(eventually(() -> count() == 1, 10_000), () -> "count " + count());

        JetStreamManagement jsm = fleet.connection().jetStreamManagement();
        MessageInfo m = jsm.getMessage(FleetResultPublisher.STREAM, 1);
        assertEquals("warden.results.a1.ping", m.getSubject());
        assertEquals("r-1", m.getHeaders().getFirst("Nats-Msg-Id"));
        assertTrue(new String(m.getData(), java.nio.charset.StandardCharsets.UTF_8).contains("\"id\":\"r-1\""));

        publisher.publish(result("r-1"));
        assertTrue(eventually(() -> {
            try {
                return publisher.drained();
            } catch (java.io.IOException e) {
                return false;
            }
        }, 10_000));
        publisher.publish(result("r-2"));
        assertTrue(eventually(() -> count() == 2, 10_000), () -> "count " + count());
        assertEquals("r-2", jsm.getMessage(FleetResultPublisher.STREAM, 2).getHeaders().getFirst("Nats-Msg-Id"));
    }

    @Test
    void resultsTakenWhileTheBrokerIsDownArriveOnceEachAfterItRestarts() throws Exception {
        publisher.publish(result("warm-up"));
        assertTrue(eventually(() -> count() == 1, 10_000));
        server.stop();
        assertTrue(eventually(() -> !fleet.connected(), 10_000), "the client noticed the outage");

        for (int i = 0; i < 10; i++) {
            publisher.publish(result("down-" + i));
        }
        assertTrue(!publisher.drained(), "the results wait in the outbox");

        server.start();
        assertTrue(eventually(() -> count() == 11, 30_000), () -> "count " + count());
        assertTrue(publisher.drained());

        JetStreamManagement jsm = fleet.connection().jetStreamManagement();
        Set<String> ids = new HashSet<>();
        for (long seq = 2; seq <= 11; seq++) {
            ids.add(jsm.getMessage(FleetResultPublisher.STREAM, seq).getHeaders().getFirst("Nats-Msg-Id"));
        }
        Set<String> expected = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            expected.add("down-" + i);
        }
        assertEquals(expected, ids);
        assertEquals("down-0", jsm.getMessage(FleetResultPublisher.STREAM, 2).getHeaders().getFirst("Nats-Msg-Id"),
                "drained in order");
        Thread.sleep(500);
        assertEquals(11, count(), "nothing sent twice");
    }
}
