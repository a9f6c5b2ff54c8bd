package dev.warden.web.internal.audit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.common.Json;
import dev.warden.common.WardenHome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who did what to the agent: one JSON object per line in {@code data/audit.log}. Rotated by size
 * ({@code audit.log.1} is the newest old file); the oldest beyond {@link #KEEP} is dropped.
 *
 * <p>Recording never fails the action it records: a full disk loses audit lines (and says so in
 * the agent log) rather than refusing admin work that has already happened.
 */
@Component(service = AuditLog.class)
public final class AuditLog {

    public static final String FILE = "audit.log";
    static final long MAX_BYTES = 10L * 1024 * 1024;
    static final int KEEP = 3;

    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private final Clock clock;

    @Activate
    public AuditLog() {
        this(WardenHome.data().resolve(FILE), MAX_BYTES, KEEP, Clock.systemUTC());
    }

    public AuditLog(Path file, long maxBytes, int keep, Clock clock) {
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        this.clock = clock;
    }

    public Path file() {
        return file;
    }

    /** Appends the event; problems are logged, never thrown. */
    public void record(AuditEvent event) {
        try {
            byte[] line = (line(event) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (this) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                if (Files.exists(file) && Files.size(file) > 0 && Files.size(file) + line.length > maxBytes) {
                    rotate();
                }
                Files.write(file, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("Could not write the audit log {}; lost: {} {} by {}", file, event.action(), event.outcome(),
                    event.who(), e);
        }
    }

    String line(AuditEvent event) throws IOException {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("time", Instant.now(clock).toString());
        node.put("who", event.who());
        node.put("remote", event.remote());
        node.put("action", event.action());
        node.set("what", Json.mapper().valueToTree(event.what()));
        node.put("outcome", event.outcome());
        if (event.code() != null) {
            node.put("code", event.code());
        }
        // one line per event whatever the values hold: Jackson escapes control characters
        return Json.mapper().writeValueAsString(node);
    }

    private void rotate() throws IOException {
        Files.deleteIfExists(rotated(keep));
        for (int i = keep - 1; i >= 1; i--) {
            if (Files.exists(rotated(i))) {
                Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (keep >= 1) {
            Files.move(file, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        } else {
            Files.delete(file);
        }
    }

    Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }
}
