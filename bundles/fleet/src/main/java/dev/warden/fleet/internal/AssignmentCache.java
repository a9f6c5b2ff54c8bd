package dev.warden.fleet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.dto.Assignment;
import dev.warden.common.Json;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last known fleet assignments on disk ({@code data/fleet/assignments.json}), so an agent that
 * restarts while the broker is down resumes them. Written to a temporary file and moved into place,
 * so a crash leaves either the old or the new set, never half of one.
 */
final class AssignmentCache {

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentCache.class);

    /** What was known: assignments by KV key, and the KV revision they reflect. */
    record Snapshot(long revision, Map<String, Assignment> byKey) {
        Snapshot {
            byKey = Map.copyOf(byKey);
        }
    }

    private final Path file;

    AssignmentCache(Path file) {
        this.file = file;
    }

    Snapshot load() {
        if (!Files.isRegularFile(file)) {
            return new Snapshot(0, Map.of());
        }
        try {
            JsonNode root = Json.mapper().readTree(file.toFile());
            Map<String, Assignment> byKey = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.path("assignments").fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                String key = e.getKey();
                byKey.put(key, AssignmentCodec.read(key.substring(key.lastIndexOf('.') + 1),
                        Json.mapper().writeValueAsBytes(e.getValue())));
            }
            return new Snapshot(root.path("revision").asLong(0), byKey);
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot read the fleet assignment cache {}; starting without it", file, e);
            return new Snapshot(0, Map.of());
        }
    }

    void save(Snapshot snapshot) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("revision", snapshot.revision());
        ObjectNode assignments = root.putObject("assignments");
        snapshot.byKey().forEach((k, a) -> assignments.set(k, AssignmentCodec.write(a)));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.error("Cannot write the fleet assignment cache {}", file, e);
        }
    }
}
