package dev.warden.fleet.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Threshold;
import dev.warden.common.Json;
import java.io.IOException;
import java.util.Map;

/**
 * Assignment values in the fleet buckets use the REST shape (snake_case, {@code params} as a JSON
 * object), so an operator's PUT body can be stored as is. The id comes from the key, not the value.
 */
final class AssignmentCodec {

    static final String SOURCE = "fleet";

    private AssignmentCodec() {
    }

    static Assignment read(String id, byte[] value) throws IOException {
        JsonNode root = Json.mapper().readTree(value);
        if (root == null || !root.isObject()) {
            throw new IOException("assignment value must be a JSON object");
        }
        String pluginId = text(root, "plugin_id");
        if (pluginId == null || pluginId.isBlank()) {
            throw new IOException("plugin_id is missing");
        }
        long interval = root.path("interval_ms").asLong(60_000);
        if (interval <= 0) {
            throw new IOException("interval_ms must be positive");
        }
        Long timeout = root.hasNonNull("timeout_ms") ? root.get("timeout_ms").asLong() : null;
        JsonNode params = root.get("params");
        String paramsText = params == null || params.isNull() ? "{}" : params.isTextual() ? params.textValue() : params.toString();
        Grants grants = root.hasNonNull("grants") ? Json.mapper().treeToValue(root.get("grants"), Grants.class) : null;
        Map<String, Threshold> thresholds = root.hasNonNull("thresholds")
                ? Json.mapper().readerForMapOf(Threshold.class).readValue(root.get("thresholds"))
                : null;
        boolean enabled = !root.hasNonNull("enabled") || root.get("enabled").asBoolean(true);
        return new Assignment(id, pluginId, text(root, "plugin_version"), interval, timeout, paramsText, grants,
                thresholds, enabled, SOURCE);
    }

    static JsonNode write(Assignment a) {
        ObjectNode node = Json.mapper().valueToTree(a);
        try {
            node.set("params", Json.mapper().readTree(a.params()));
        } catch (IOException e) {
            node.put("params", a.params());
        }
        return node;
    }

    static byte[] bytes(Assignment a) {
        try {
            return Json.mapper().writeValueAsBytes(write(a));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
