package dev.warden.sink.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.ResultJournal.Entry;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalReaderTest {

    private static final Journal.Settings DEFAULTS = new Journal.Settings(8L * 1024 * 1024, 16, 1000);
    private static final Journal.Settings SMALL_SEGMENTS = new Journal.Settings(4096, 1000, 1000);

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

    private static CheckResult result(String id) {
        return new CheckResult(id, Status.OK, "summary of " + id, null, null, null, "2026-01-01T00:00:00Z", "p",
                "1.0.0", "a", "agent", null, null);
    }

    private static List<String> ids(List<Entry> entries) {
        return entries.stream().map(e -> e.result().id()).toList();
    }

    private static List<String> ids(String prefix, int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    /** Reads everything from {@code from} in batches of {@code batch}, following each entry's next. */
    private static List<Entry> readAll(JournalReader reader, long from, int batch) throws IOException {
        List<Entry> all = new ArrayList<>();
        long at = from;
        while (true) {
            List<Entry> got = reader.read(at, batch);
            if (got.isEmpty()) {
                return all;
            }
            all.addAll(got);
            at = got.get(got.size() - 1).next();
        }
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith("segment-")).sorted().toList();
        }
    }

    @Test
    void readsRecordsInOrderAndEachNextContinuesTheRead() throws IOException {
        Journal j = open(DEFAULTS);
        JournalReader reader = new JournalReader(j);
        assertEquals(j.start(), j.end(), "an empty journal starts where it ends");
        for (int i = 0; i < 5; i++) {
            j.append(result("r" + i));
        }
        List<Entry> first = reader.read(j.start(), 3);
        assertEquals(List.of("r0", "r1", "r2"), ids(first));
        assertEquals(j.start(), first.get(0).position());
        assertEquals(first.get(0).next(), first.get(1).position());
        assertEquals(List.of("r3", "r4"), ids(reader.read(first.get(2).next(), 10)));
        assertEquals(j.end(), reader.read(first.get(2).next(), 10).get(1).next(), "the newest record ends at end()");
    }

    @Test
    void readAtEndIsEmptyAndSeesARecordAppendedLater() throws IOException {
        Journal j = open(DEFAULTS);
        JournalReader reader = new JournalReader(j);
        j.append(result("r0"));
        long end = j.end();
        assertEquals(List.of(), reader.read(end, 10));
        assertEquals(List.of(), reader.read(end + 1_000, 10), "beyond the end is empty too");
        j.append(result("r1"));
        assertEquals(List.of("r1"), ids(reader.read(end, 10)));
    }

    @Test
    void positionsIncreaseAcrossSegmentRolls() throws IOException {
        Journal j = open(SMALL_SEGMENTS);
        JournalReader reader = new JournalReader(j);
        for (int i = 0; i < 200; i++) {
            j.append(result("r" + i));
        }
        assertTrue(segmentFiles().size() > 3, "rolled over several segments");
        List<Entry> all = readAll(reader, j.start(), 7);
        assertEquals(ids("r", 0, 200), ids(all));
        for (int i = 1; i < all.size(); i++) {
            assertTrue(all.get(i).position() > all.get(i - 1).position(), "position " + i + " increases");
            assertTrue(all.get(i).position() >= all.get(i - 1).next(), "records do not overlap");
        }
        assertEquals(j.end(), all.get(all.size() - 1).next());
        assertEquals(List.of(), reader.read(j.end(), 10));
    }

    @Test
    void positionsSurviveReopeningTheJournal() throws IOException {
        Journal j = open(SMALL_SEGMENTS);
        for (int i = 0; i < 100; i++) {
            j.append(result("r" + i));
        }
        List<Entry> before = readAll(new JournalReader(j), j.start(), 50);
        long endBefore = j.end();
        j.close();

        Journal reopened = open(SMALL_SEGMENTS);
        assertEquals(endBefore, reopened.end());
        JournalReader reader = new JournalReader(reopened);
        assertEquals(before.stream().map(Entry::position).toList(),
                readAll(reader, reopened.start(), 50).stream().map(Entry::position).toList());
        reopened.append(result("after"));
        List<Entry> continued = reader.read(before.get(99).next(), 10);
        assertEquals(List.of("after"), ids(continued));
        assertTrue(continued.get(0).position() >= endBefore);
        assertEquals(List.of("r60", "r61"), ids(reader.read(before.get(60).position(), 2)));
    }

    @Test
    void readingFromBeforeStartBeginsAtTheOldestKeptSegmentAfterRetention() throws IOException {
        Journal j = open(new Journal.Settings(4096, 3, 1000));
        JournalReader reader = new JournalReader(j);
        j.append(result("r0"));
        long firstPosition = j.start();
        for (int i = 1; i < 200; i++) {
            j.append(result("r" + i));
        }
        assertEquals(3, segmentFiles().size());
        assertTrue(j.start() > firstPosition, "retention moved start");

        List<Entry> fromOld = readAll(reader, firstPosition, 25);
        assertEquals(j.start(), fromOld.get(0).position());
        assertEquals("r199", fromOld.get(fromOld.size() - 1).result().id());
        int firstKept = Integer.parseInt(fromOld.get(0).result().id().substring(1));
        assertTrue(firstKept > 0);
        assertEquals(ids("r", firstKept, 200), ids(fromOld));
        assertEquals(ids(fromOld), ids(readAll(reader, 0, 25)), "position 0 is before any start");
    }

    @Test
    void damagedRecordIsSkippedLikeRecoveryDoes() throws IOException {
        Journal j = open(DEFAULTS);
        JournalReader reader = new JournalReader(j);
        j.append(result("r1"));
        long firstEnd = Files.size(segmentFiles().get(0));
        j.append(result("r2"));
        j.append(result("r3"));
        try (RandomAccessFile f = new RandomAccessFile(segmentFiles().get(0).toFile(), "rw")) {
            long inPayloadOfR2 = firstEnd + RecordFormat.HEADER_BYTES + 20;
            f.seek(inPayloadOfR2);
            int b = f.read();
            f.seek(inPayloadOfR2);
            f.write(b ^ 0x01);
        }
        assertEquals(List.of("r1", "r3"), ids(readAll(reader, j.start(), 10)));
        assertEquals(List.of("r3"), ids(reader.read(reader.read(j.start(), 1).get(0).next(), 10)),
                "reading from the damaged record's position resynchronises past it");
    }

    @Test
    void recordLargerThanTheReadWindowIsReadWhole() throws IOException {
        Journal j = open(DEFAULTS);
        JournalReader reader = new JournalReader(j);
        j.append(result("small-1"));
        String big = "x".repeat(JournalReader.WINDOW_BYTES + 10_000);
        j.append(new CheckResult("big", Status.OK, big, null, null, null, null, "p", "1.0.0", "a", "agent", null, null));
        j.append(result("small-2"));
        List<Entry> all = readAll(reader, j.start(), 10);
        assertEquals(List.of("small-1", "big", "small-2"), ids(all));
        assertEquals(big, all.get(1).result().summary());
    }

    @Test
    void readerFollowingAWriterSeesEveryRecordOnceInOrder() throws Exception {
        Journal j = open(new Journal.Settings(16 * 1024, 10_000, 10));
        JournalReader reader = new JournalReader(j);
        int total = 1500;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?> writer = pool.submit(() -> {
                for (int i = 0; i < total; i++) {
                    j.append(result("w" + i));
                }
                return null;
            });
            Future<List<String>> follower = pool.submit(() -> {
                List<String> seen = new ArrayList<>();
                long at = j.start();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (seen.size() < total && System.nanoTime() < deadline) {
                    List<Entry> got = reader.read(at, 13);
                    for (Entry e : got) {
                        seen.add(e.result().id());
                        at = e.next();
                    }
                }
                return seen;
            });
            writer.get(60, TimeUnit.SECONDS);
            assertEquals(ids("w", 0, total), follower.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }
}
