package dev.warden.sink.journal.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.RunStats;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journals written before a field existed must still read after the upgrade. */
class JournalCompatibilityTest {

    /** A record as written before {@code stats.egress_denied} existed. */
    private static final String BEFORE_EGRESS_DENIED = "{\"id\":\"r-old\",\"status\":\"OK\",\"summary\":\"fine\","
            + "\"observed_at\":\"2026-01-01T00:00:00Z\",\"plugin_id\":\"p\",\"plugin_version\":\"1.0.0\","
            + "\"assignment_id\":\"a\",\"agent_id\":\"agent\",\"stats\":{\"wall_ms\":12,\"cpu_ms\":3,"
            + "\"memory_peak_bytes\":65536,\"host_calls\":4,\"egress_bytes\":100,\"log_bytes\":7,\"log_dropped\":0}}";

    @TempDir
    Path dir;

    @Test
    void recordWithoutEgressDeniedReadsWithZeroDenials() throws IOException {
        ByteBuffer record = RecordFormat.encode(BEFORE_EGRESS_DENIED.getBytes(StandardCharsets.UTF_8));
        byte[] bytes = new byte[record.remaining()];
        record.get(bytes);
        Files.write(dir.resolve("segment-00000000000000000001.log"), bytes);

        List<CheckResult> read;
        try (Journal journal = Journal.open(dir, new Journal.Settings(8L * 1024 * 1024, 16, 1000))) {
            assertEquals(1, journal.recovery().records());
            assertEquals(0, journal.recovery().corrupt());
            read = journal.latest("a", 10);
        }

        assertEquals(1, read.size());
        assertEquals("r-old", read.get(0).id());
        assertEquals(new RunStats(12, 3, 65536, 4, 100, 0, 7, 0, null), read.get(0).stats());
    }

    @Test
    void egressDeniedSurvivesTheRoundTrip() throws IOException {
        var stats = new RunStats(12, 3, 65536, 4, 100, 5, 7, 0, null);
        var result = new CheckResult("r-new", dev.warden.api.dto.Status.OK, "fine", null, null, null,
                "2026-01-01T00:00:00Z", "p", "1.0.0", "a", "agent", stats, null);
        try (Journal journal = Journal.open(dir, new Journal.Settings(8L * 1024 * 1024, 16, 1000))) {
            journal.append(result);
        }

        try (Journal reopened = Journal.open(dir, new Journal.Settings(8L * 1024 * 1024, 16, 1000))) {
            assertEquals(5, reopened.latest("a", 1).get(0).stats().egressDenied());
        }
    }
}
