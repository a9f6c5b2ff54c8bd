package dev.warden.sink.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import dev.warden.common.WardenHome;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalSinkTest {

    @TempDir
    Path home;

    private String previousHome;

    @BeforeEach
    void pointHomeAtTempDir() {
        previousHome = System.getProperty(WardenHome.PROPERTY);
        System.setProperty(WardenHome.PROPERTY, home.toString());
    }

    @AfterEach
    void restoreHome() {
        if (previousHome == null) {
            System.clearProperty(WardenHome.PROPERTY);
        } else {
            System.setProperty(WardenHome.PROPERTY, previousHome);
        }
    }

    private static JournalConfig defaults() {
        return new JournalConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return JournalConfig.class;
            }

            @Override
            public long segment__bytes() {
                return 8L * 1024 * 1024;
            }

            @Override
            public int max__segments() {
                return 16;
            }

            @Override
            public int max__results__per__assignment() {
                return 1000;
            }
        };
    }

    private static CheckResult result(String id) {
        return new CheckResult(id, Status.OK, "fine", null, null, null, null, "p", "1.0.0", "a1", "agent", null, null);
    }

    @Test
    void publishedResultsAreStoredUnderWardenHomeDataAndReadBackAfterRestart() throws Exception {
        JournalSink sink = new JournalSink(defaults());
        sink.publish(result("r1"));
        sink.publish(result("r2"));
        assertEquals(List.of("r2", "r1"), sink.latest("a1", 10).stream().map(CheckResult::id).toList());
        assertTrue(Files.isDirectory(home.resolve("data/journal")));

        JournalSink restarted = new JournalSink(defaults());
        assertEquals(List.of("r2"), restarted.latest(null, 1).stream().map(CheckResult::id).toList());
    }

    @Test
    void theSinkIsAlsoTheResultJournalReadByPositionAcrossRestarts() throws Exception {
        JournalSink sink = new JournalSink(defaults());
        long start = sink.start();
        sink.publish(result("r1"));
        sink.publish(result("r2"));
        List<dev.warden.api.ResultJournal.Entry> both = sink.read(start, 10);
        assertEquals(List.of("r1", "r2"), both.stream().map(e -> e.result().id()).toList());
        assertEquals(sink.end(), both.get(1).next());
        assertEquals(List.of(), sink.read(sink.end(), 10));

        JournalSink restarted = new JournalSink(defaults());
        assertEquals(sink.end(), restarted.end());
        restarted.publish(result("r3"));
        assertEquals(List.of("r2", "r3"),
                restarted.read(both.get(0).next(), 10).stream().map(e -> e.result().id()).toList());
    }
}
