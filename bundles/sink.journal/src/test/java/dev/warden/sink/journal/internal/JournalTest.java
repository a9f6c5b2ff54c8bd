package dev.warden.sink.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Metric;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {

    private static final Journal.Settings DEFAULTS = new Journal.Settings(8L * 1024 * 1024, 16, 1000);

    @TempDir
    Path dir;

    private final List<Journal> opened = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (Journal j : opened) {
            j.close();
        }
    }

    private Journal open(Journal.Settings settings) throws IOException {
        Journal j = Journal.open(dir, settings);
        opened.add(j);
        return j;
    }

    private static CheckResult result(String id, String assignment) {
        return new CheckResult(id, Status.OK, "summary of " + id, "latency_ms=42ms;200;500",
                List.of(new Metric("latency_ms", 42, "ms", 200.0, 500.0, null, null)), Map.of("target", "x"),
                "2026-01-01T00:00:00Z", "p", "1.0.0", assignment, "agent", new RunStats(1, 0, 65536, 3, 0, 0, 0, null),
                null);
    }

    private static List<String> ids(List<CheckResult> results) {
        return results.stream().map(CheckResult::id).toList();
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    @Test
    void roundTripNewestFirstPerAssignmentAndOverall() throws IOException {
        Journal j = open(DEFAULTS);
        j.append(result("r1", "a"));
        j.append(result("r2", "b"));
        j.append(result("r3", "a"));
        assertEquals(List.of("r3", "r2", "r1"), ids(j.latest(null, 10)));
        assertEquals(List.of("r3", "r1"), ids(j.latest("a", 10)));
        assertEquals(List.of("r3"), ids(j.latest(null, 1)));
        assertEquals(List.of(), j.latest("missing", 10));
        assertEquals(result("r2", "b"), j.latest("b", 1).get(0));
    }

    @Test
    void resultsSurviveReopen() throws IOException {
        Journal j = open(DEFAULTS);
        j.append(result("r1", "a"));
        j.append(result("r2", "a"));
        j.close();
        Journal reopened = open(DEFAULTS);
        assertEquals(List.of("r2", "r1"), ids(reopened.latest("a", 10)));
        assertEquals(2, reopened.recovery().records());
        assertEquals(0, reopened.recovery().corrupt());
    }

    @Test
    void tornLastRecordIsCutOffAndAppendingContinues() throws IOException {
        Journal j = open(DEFAULTS);
        j.append(result("r1", "a"));
        j.append(result("r2", "a"));
        j.close();
        Path segment = segmentFiles().get(0);
        long intact = Files.size(segment);
        j = open(DEFAULTS);
        j.append(result("r3", "a"));
        j.close();
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            f.setLength(f.length() - 7); // a crash in the middle of writing r3
        }

        Journal reopened = open(DEFAULTS);
        assertEquals(List.of("r2", "r1"), ids(reopened.latest(null, 10)));
        assertTrue(reopened.recovery().tornBytes() > 0);
        assertEquals(intact, Files.size(segment), "torn tail truncated");

        reopened.append(result("r4", "a"));
        reopened.close();
        Journal again = open(DEFAULTS);
        assertEquals(List.of("r4", "r2", "r1"), ids(again.latest(null, 10)));
        assertEquals(0, again.recovery().corrupt());
        assertEquals(0, again.recovery().tornBytes());
    }

    @Test
    void tornHeaderIsCutOffToo() throws IOException {
        Journal j = open(DEFAULTS);
        j.append(result("r1", "a"));
        j.close();
        Path segment = segmentFiles().get(0);
        Files.write(segment, new byte[] {0, 0, 1}, java.nio.file.StandardOpenOption.APPEND);
        Journal reopened = open(DEFAULTS);
        assertEquals(List.of("r1"), ids(reopened.latest(null, 10)));
        assertEquals(3, reopened.recovery().tornBytes());
    }

    @Test
    void recordWithBadCrcIsSkippedAndCounted() throws IOException {
        Journal j = open(DEFAULTS);
        j.append(result("r1", "a"));
        long firstEnd = Files.size(segmentFiles().get(0));
        j.append(result("r2", "a"));
        j.append(result("r3", "a"));
        j.close();
        Path segment = segmentFiles().get(0);
        try (RandomAccessFile f = new RandomAccessFile(segment.toFile(), "rw")) {
            long inPayloadOfR2 = firstEnd + RecordFormat.HEADER_BYTES + 20;
            f.seek(inPayloadOfR2);
            int b = f.read();
            f.seek(inPayloadOfR2);
            f.write(b ^ 0x01);
        }
        Journal reopened = open(DEFAULTS);
        assertEquals(List.of("r3", "r1"), ids(reopened.latest(null, 10)));
        assertEquals(1, reopened.recovery().corrupt());
    }

    @Test
    void damagedLengthFieldIsResynchronisedPast() throws IOException {
        Journal j = open(DEFAULTS);
        j.append(result("r1", "a"));
        long firstEnd = Files.size(segmentFiles().get(0));
        j.append(result("r2", "a"));
        j.append(result("r3", "a"));
        j.close();
        try (RandomAccessFile f = new RandomAccessFile(segmentFiles().get(0).toFile(), "rw")) {
            f.seek(firstEnd);
            f.writeInt(0x7fffffff);
        }
        Journal reopened = open(DEFAULTS);
        assertEquals(List.of("r3", "r1"), ids(reopened.latest(null, 10)));
        assertEquals(1, reopened.recovery().corrupt());
    }

    @Test
    void retentionDeletesOldestSegmentsAndForgetsTheirResults() throws IOException {
        Journal.Settings small = new Journal.Settings(4096, 3, 1000);
        Journal j = open(small);
        for (int i = 0; i < 200; i++) {
            j.append(result("r" + i, "a"));
        }
        List<Path> files = segmentFiles();
        assertEquals(3, files.size());
        List<String> kept = ids(j.latest("a", 1000));
        assertEquals("r199", kept.get(0));
        assertTrue(kept.size() < 200, "old results dropped with their segments");
        j.close();

        Journal reopened = open(small);
        assertEquals(kept, ids(reopened.latest("a", 1000)));
        for (Path f : segmentFiles()) {
            assertTrue(Files.size(f) <= 4096);
        }
    }

    @Test
    void onlyTheNewestResultsKeepTheirLogsInMemoryButTheDiskKeepsThemAll() throws IOException {
        Journal j = open(new Journal.Settings(8L * 1024 * 1024, 16, 100));
        int total = ResultIndex.LOGS_KEPT + 5;
        for (int i = 0; i < total; i++) {
            CheckResult r = result("r" + i, "a");
            j.append(new CheckResult(r.id(), r.status(), r.summary(), r.perfdata(), r.metrics(), r.labels(),
                    r.observedAt(), r.pluginId(), r.pluginVersion(), r.assignmentId(), r.agentId(), r.stats(),
                    List.of(new dev.warden.api.dto.LogLine("info", "line of " + r.id()))));
        }
        List<CheckResult> inMemory = j.latest("a", total);
        assertEquals(total, inMemory.size());
        for (int i = 0; i < total; i++) {
            assertEquals(i < ResultIndex.LOGS_KEPT ? 1 : 0, inMemory.get(i).logs().size(), "result " + i);
        }
        j.close();
        opened.remove(j);
        List<CheckResult> reread = open(new Journal.Settings(8L * 1024 * 1024, 16, 100)).latest("a", total);
        assertEquals("line of r" + (total - 1), reread.get(0).logs().get(0).message());
        assertEquals(0, reread.get(total - 1).logs().size(), "the index rebuilt from disk trims the same way");
    }

    @Test
    void inMemoryIndexIsBoundedPerAssignment() throws IOException {
        Journal j = open(new Journal.Settings(8L * 1024 * 1024, 16, 5));
        for (int i = 0; i < 20; i++) {
            j.append(result("r" + i, i % 2 == 0 ? "even" : "odd"));
        }
        assertEquals(List.of("r18", "r16", "r14", "r12", "r10"), ids(j.latest("even", 100)));
        assertEquals(5, j.latest(null, 100).size());
    }

    @Test
    void concurrentPublishersLoseNothing() throws Exception {
        Journal j = open(new Journal.Settings(64 * 1024, 1000, 10_000));
        int threads = 8;
        int each = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        j.append(result("t" + thread + "-" + i, "a" + thread));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        Set<String> live = new HashSet<>(ids(j.latest(null, 10_000)));
        assertEquals(threads * each, live.size());
        j.close();
        Journal reopened = open(new Journal.Settings(64 * 1024, 1000, 10_000));
        assertEquals(live, new HashSet<>(ids(reopened.latest(null, 10_000))));
        assertEquals(0, reopened.recovery().corrupt());
        assertEquals(each, reopened.latest("a3", 10_000).size());
    }
}
