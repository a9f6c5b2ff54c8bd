package dev.warden.fleet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.dto.FleetAgent;
import dev.warden.common.Json;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads one {@code warden-agents} value as {@link AgentHeartbeat} writes it. Agents of other
 * versions may write more or fewer fields, so every field is optional; the key is the agent id when
 * the value has none.
 */
final class AgentEntry {

    /** Newest heartbeat first; an unreadable time sorts last. */
    static final Comparator<FleetAgent> NEWEST_FIRST = Comparator
            .comparing((FleetAgent a) -> seen(a.lastSeen())).reversed()
            .thenComparing(FleetAgent::agentId);

    private AgentEntry() {
    }

    static FleetAgent read(String key, byte[] value) throws IOException {
        JsonNode root = Json.mapper().readTree(value);
        if (root == null || !root.isObject()) {
            throw new IOException("agent entry " + key + " is not a JSON object");
        }
        String id = root.hasNonNull("agent_id") ? root.get("agent_id").asText() : key;
        return new FleetAgent(id, text(root, "version"), strings(root, "labels"), strings(root, "capabilities"),
                root.path("config_revision").asLong(0), text(root, "last_seen"), strings(root, "refused_packages"),
                root.path("result_backlog").asLong(-1), root.path("results_skipped").asLong(0),
                strings(root, "rejected_assignments"), text(root, "assignments_error"));
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static List<String> strings(JsonNode root, String field) {
        JsonNode n = root.get(field);
        List<String> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            n.forEach(e -> out.add(e.isTextual() ? e.textValue() : e.isObject() ? refusal(e) : e.toString()));
        }
        return out;
    }

    /** A refusal written as an object: {@code "<id> <version> <sha256>: <reason>"}, like the text form. */
    private static String refusal(JsonNode e) {
        StringBuilder s = new StringBuilder();
        for (String f : List.of("id", "version", "sha256")) {
            if (e.hasNonNull(f)) {
                s.append(s.isEmpty() ? "" : " ").append(e.get(f).asText());
            }
        }
        String reason = e.hasNonNull("reason") ? e.get("reason").asText() : null;
        return reason == null ? s.toString() : s.isEmpty() ? reason : s + ": " + reason;
    }

    private static Instant seen(String lastSeen) {
        if (lastSeen == null) {
            return Instant.MIN;
        }
        try {
            return Instant.parse(lastSeen);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }
}
