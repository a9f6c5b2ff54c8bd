package dev.warden.fleet.internal;

import static dev.warden.fleet.internal.FleetTestSupport.eventually;
import static dev.warden.fleet.internal.FleetTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.api.ResultJournal;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import dev.warden.common.WardenHome;
import dev.warden.sink.journal.internal.JournalConfig;
import dev.warden.sink.journal.internal.JournalSink;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The publisher following a real journal (the journal bundle's JournalSink) against a real nats-server. */
class FleetResultPublisherTest {

    @TempDir
    Path tmp;

    private String previousHome;
    private NatsServerProcess server;
    private FleetConnection fleet;
    private JournalSink journal;
    private final List<FleetResultPublisher> publishers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        assumeTrue(NatsServerProcess.available(), "nats-server is not installed at /usr/sbin/nats-server");
        previousHome = System.getProperty(WardenHome.PROPERTY);
        System.setProperty(WardenHome.PROPERTY, tmp.resolve("home").toString());
        server = new NatsServerProcess(tmp.resolve("store")).start();
        fleet = new FleetConnection(settings(server.url(), "a1", List.of(), tmp.resolve("agent")));
        assertTrue(eventually(fleet::connected, 10_000), "connected to the test broker");
        journal = new JournalSink(journalConfig());
    }

    @AfterEach
    void stop() throws Exception {
        for (FleetResultPublisher p : publishers) {
            p.deactivate();
        }
        if (fleet != null) {
            fleet.close();
        }
        if (server != null) {
            server.close();
        }
        if (previousHome == null) {
            System.clearProperty(WardenHome.PROPERTY);
        } else {
            System.setProperty(WardenHome.PROPERTY, previousHome);
        }
    }

    private FleetResultPublisher publisher(ResultJournal source) throws Exception {
        FleetResultPublisher p = new FleetResultPublisher(fleet, source);
        publishers.add(p);
        return p;
    }

    private void stopPublisher(FleetResultPublisher p) {
        p.deactivate();
        publishers.remove(p);
    }

    private Path cursorFile() {
        return tmp.resolve("agent/fleet").resolve(FleetResultPublisher.CURSOR_FILE);
    }

    private long storedCursor() {
        try {
            return Long.parseLong(Files.readString(cursorFile()).trim());
        } catch (Exception e) {
            return -1;
        }
    }

    /** What the scheduler does: every sink in turn, the journal first or not. */
    private static void produce(JournalSink journal, FleetResultPublisher publisher, CheckResult result) {
        journal.publish(result);
        publisher.publish(result);
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

    private List<String> streamIds(long firstSeq, long lastSeq) throws Exception {
        JetStreamManagement jsm = fleet.connection().jetStreamManagement();
        List<String> ids = new ArrayList<>();
        for (long seq = firstSeq; seq <= lastSeq; seq++) {
            ids.add(jsm.getMessage(FleetResultPublisher.STREAM, seq).getHeaders().getFirst("Nats-Msg-Id"));
        }
        return ids;
    }

    private static List<String> ids(String prefix, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(prefix + i);
        }
        return ids;
    }

    @Test
    void aJournalledResultReachesTheStreamWithItsIdAsMessageIdAndARepeatedIdIsDropped() throws Exception {
        FleetResultPublisher publisher = publisher(journal);
        produce(journal, publisher, result("r-1"));
        assertTrue(eventually(() -> count() == 1, 10_000), () -> "count " + count());

        MessageInfo m = fleet.connection().jetStreamManagement().getMessage(FleetResultPublisher.STREAM, 1);
        assertEquals("warden.results.a1.ping", m.getSubject());
        assertEquals("r-1", m.getHeaders().getFirst("Nats-Msg-Id"));
        assertTrue(new String(m.getData(), StandardCharsets.UTF_8).contains("\"id\":\"r-1\""));

        produce(journal, publisher, result("r-1"));
        assertTrue(eventually(() -> publisher.published() == 2 && publisher.drained(), 10_000));
        assertEquals(1, count(), "the stream dropped the repeated id");
        produce(journal, publisher, result("r-2"));
        assertTrue(eventually(() -> count() == 2, 10_000), () -> "count " + count());
        assertEquals(List.of("r-1", "r-2"), streamIds(1, 2));
        assertTrue(eventually(() -> storedCursor() == journal.end(), 5_000), "cursor stored at the end");
    }

    @Test
    void theFirstStartBeginsAtTheJournalEndSoHistoryStaysLocal() throws Exception {
        for (int i = 0; i < 5; i++) {
            journal.publish(result("old-" + i));
        }
        assertFalse(Files.exists(cursorFile()));
        FleetResultPublisher publisher = publisher(journal);
        assertEquals(journal.end(), storedCursor(), "cursor written at once");

        produce(journal, publisher, result("new-0"));
        assertTrue(eventually(() -> count() == 1, 10_000), () -> "count " + count());
        Thread.sleep(300);
        assertEquals(1, count(), "no history sent");
        assertEquals(List.of("new-0"), streamIds(1, 1));
    }

    @Test
    void resultsJournalledWhileTheBrokerIsDownArriveOnceEachInOrderAfterItRestarts() throws Exception {
        FleetResultPublisher publisher = publisher(journal);
        produce(journal, publisher, result("warm-up"));
        assertTrue(eventually(() -> count() == 1, 10_000));
        server.stop();
        assertTrue(eventually(() -> !fleet.connected(), 10_000), "the client noticed the outage");

        for (int i = 0; i < 10; i++) {
            produce(journal, publisher, result("down-" + i));
        }
        assertTrue(eventually(() -> publisher.backlog() == 10, 5_000), () -> "backlog " + publisher.backlog());
        assertFalse(publisher.drained(), "the results wait in the journal");

        server.start();
        assertTrue(eventually(() -> count() == 11, 30_000), () -> "count " + count());
        assertTrue(eventually(publisher::drained, 5_000));
        assertEquals(ids("down-", 10), streamIds(2, 11), "each once, in journal order");
        assertEquals(0, publisher.backlog());
        assertEquals(11, publisher.published());
        Thread.sleep(500);
        assertEquals(11, count(), "nothing sent twice");
    }

    @Test
    void aPublisherRestartedMidwayResumesFromItsCursorAndResendingFromAStaleCursorDuplicatesNothing()
            throws Exception {
        FleetResultPublisher first = publisher(journal);
        long beforeAll = first.cursor();
        stopPublisher(first);
        for (int i = 0; i < 200; i++) {
            journal.publish(result("r" + i));
        }

        FleetResultPublisher interrupted = publisher(journal);
        assertTrue(eventually(() -> count() >= 30, 10_000), () -> "count " + count());
        stopPublisher(interrupted);
        long stoppedAt = count();
        assertTrue(stoppedAt < 200 || interrupted.published() == 200, "stopped mid-way or just done");

        FleetResultPublisher resumed = publisher(journal);
        assertTrue(eventually(() -> count() == 200, 20_000), () -> "count " + count());
        assertTrue(eventually(resumed::drained, 5_000));
        assertEquals(ids("r", 200), streamIds(1, 200), "no loss, no duplicate, in order");
        stopPublisher(resumed);

        // as if a power cut lost the cursor store and the marks after the acknowledgements
        Files.writeString(cursorFile(), Long.toString(beforeAll));
        Files.deleteIfExists(cursorFile().resolveSibling(cursorFile().getFileName() + ".mark"));
        FleetResultPublisher stale = publisher(journal);
        assertTrue(eventually(() -> stale.published() == 200, 20_000), () -> "published " + stale.published());
        assertEquals(200, count(), "the stream dropped every resent result by its message id");
        produce(journal, stale, result("after"));
        assertTrue(eventually(() -> count() == 201, 10_000), () -> "count " + count());
    }

    @Test
    void resultsRetentionDeletedDuringAnOutageAreCountedAsSkippedAndPublishingGoesOn() throws Exception {
        InMemoryResultJournal memory = new InMemoryResultJournal();
        FleetResultPublisher publisher = publisher(memory);
        server.stop();
        assertTrue(eventually(() -> !fleet.connected(), 10_000), "the client noticed the outage");
        for (int i = 0; i < 10; i++) {
            memory.append(result("m" + i));
            publisher.publish(result("m" + i));
        }
        assertTrue(eventually(() -> publisher.backlog() == 10, 5_000), () -> "backlog " + publisher.backlog());

        memory.deleteOldest(4);
        assertTrue(eventually(() -> publisher.skipped() == 4, 5_000), () -> "skipped " + publisher.skipped());
        assertEquals(6, publisher.backlog());

        server.start();
        assertTrue(eventually(() -> count() == 6, 30_000), () -> "count " + count());
        assertEquals(ids("m", 10).subList(4, 10), streamIds(1, 6));
        memory.append(result("m10"));
        publisher.publish(result("m10"));
        assertTrue(eventually(() -> count() == 7, 10_000), () -> "count " + count());
        assertEquals(4, publisher.skipped());
    }

    @Test
    void aStoredCursorOlderThanTheJournalStartContinuesFromTheOldestKeptResult() throws Exception {
        InMemoryResultJournal memory = new InMemoryResultJournal();
        for (int i = 0; i < 5; i++) {
            memory.append(result("k" + i));
        }
        memory.deleteOldest(2);
        Files.createDirectories(cursorFile().getParent());
        Files.writeString(cursorFile(), Long.toString(InMemoryResultJournal.position(0)));

        FleetResultPublisher publisher = publisher(memory);
        assertTrue(eventually(() -> count() == 3, 10_000), () -> "count " + count());
        assertEquals(List.of("k2", "k3", "k4"), streamIds(1, 3));
        assertEquals(0, publisher.skipped(), "results deleted before this publisher ever counted them are not guessed");
        assertTrue(eventually(() -> storedCursor() == InMemoryResultJournal.position(5), 5_000));
    }

    private static JournalConfig journalConfig() {
        return new JournalConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JournalConfig.class;
            }

            @Override
            public long segment__bytes() {
                return 4096;
            }

            @Override
            public int max__segments() {
                return 1000;
            }

            @Override
            public int max__results__per__assignment() {
                return 1000;
            }
        };
    }
}
