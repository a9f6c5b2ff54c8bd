package dev.warden.web.internal.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.common.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);

    @Test
    void writesOneJsonObjectPerLineWithWhoWhatAndOutcome() throws IOException {
        AuditLog log = new AuditLog(dir.resolve("data/audit.log"), 1 << 20, 3, clock);
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("plugin_id", "hello");
        what.put("version", "1.0.0");
        log.record(AuditEvent.ok("admin", "127.0.0.1", "plugin.upload", what));
        log.record(AuditEvent.refused("api-token", "10.0.0.2", "plugin.delete", Map.of("plugin_id", "x"), "in_use"));

        List<String> lines = Files.readAllLines(log.file());
        assertEquals(2, lines.size());
        JsonNode first = Json.mapper().readTree(lines.get(0));
        assertEquals("2026-03-01T12:00:00Z", first.path("time").asText());
        assertEquals("admin", first.path("who").asText());
        assertEquals("127.0.0.1", first.path("remote").asText());
        assertEquals("plugin.upload", first.path("action").asText());
        assertEquals("1.0.0", first.path("what").path("version").asText());
        assertEquals("ok", first.path("outcome").asText());
        assertFalse(first.has("code"));
        JsonNode second = Json.mapper().readTree(lines.get(1));
        assertEquals("refused", second.path("outcome").asText());
        assertEquals("in_use", second.path("code").asText());
    }

    @Test
    void valuesWithLineBreaksStayOnOneLine() throws IOException {
        AuditLog log = new AuditLog(dir.resolve("audit.log"), 1 << 20, 3, clock);
        log.record(AuditEvent.ok("ad\nmin", "r", "assignment.put", Map.of("assignment_id", "a\n{\"forged\":1}")));
        List<String> lines = Files.readAllLines(log.file());
        assertEquals(1, lines.size());
        assertEquals("a\n{\"forged\":1}", Json.mapper().readTree(lines.get(0)).path("what").path("assignment_id").asText());
    }

    @Test
    void rotatesBySizeKeepingTheNewestFiles() throws IOException {
        AuditLog log = new AuditLog(dir.resolve("audit.log"), 300, 2, clock);
        for (int i = 0; i < 20; i++) {
            log.record(AuditEvent.ok("admin", "127.0.0.1", "assignment.run", Map.of("assignment_id", "a" + i)));
        }
        assertTrue(Files.size(log.file()) <= 300);
        assertTrue(Files.exists(log.rotated(1)));
        assertTrue(Files.exists(log.rotated(2)));
        assertFalse(Files.exists(log.rotated(3)), "only two old files are kept");
        String newest = Files.readString(log.file());
        assertTrue(newest.contains("\"a19\""), newest);
        String older = Files.readString(log.rotated(1));
        assertFalse(older.contains("\"a19\""));
        // nothing is lost between the live file and the first rotated one
        int last = Integer.parseInt(older.replaceAll("(?s).*\"a(\\d+)\".*", "$1"));
        int firstLive = Integer.parseInt(newest.replaceAll("(?s)^.*?\"a(\\d+)\".*", "$1"));
        assertEquals(last + 1, firstLive);
    }

    @Test
    void anUnwritableLogDoesNotThrow() throws IOException {
        Path blocker = dir.resolve("file");
        Files.writeString(blocker, "not a directory");
        AuditLog log = new AuditLog(blocker.resolve("audit.log"), 1 << 20, 3, clock);
        log.record(AuditEvent.ok("admin", "127.0.0.1", "plugin.upload", Map.of()));
        assertFalse(Files.exists(blocker.resolve("audit.log")));
    }
}
