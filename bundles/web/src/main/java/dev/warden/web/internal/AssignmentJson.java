package dev.warden.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Threshold;
import dev.warden.common.Json;
import java.util.Map;

/**
 * The REST shape of an assignment. It differs from the record in one place: {@code params} travels
 * as a JSON object, not as the JSON text the plugin later receives.
 */
final class AssignmentJson {

    private static final ObjectReader GRANTS = Json.mapper().readerFor(Grants.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader THRESHOLDS = Json.mapper().readerFor(new TypeReference<Map<String, Threshold>>() {
    }).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AssignmentJson() {
    }

    static JsonNode write(Assignment a) {
        ObjectNode node = Json.mapper().valueToTree(a);
        try {
            node.set("params", Json.mapper().readTree(a.params()));
        } catch (JsonProcessingException e) {
            node.put("params", a.params());
        }
        return node;
    }

    /** Reads a PUT body; the id comes from the path. Type errors are 422 naming the field, bad JSON is 400. */
    static Assignment read(String id, byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("body must be a JSON object");
        }
        String pluginId = text(root, "plugin_id");
        String version = text(root, "plugin_version");
        long interval = number(root, "interval_ms", 60_000);
        Long timeout = root.hasNonNull("timeout_ms") ? number(root, "timeout_ms", 0) : null;
        JsonNode params = root.get("params");
        if (params != null && !params.isNull() && !params.isObject()) {
            throw invalid("params", "params must be a JSON object");
        }
        Grants grants = read(root, "grants", GRANTS);
        Map<String, Threshold> thresholds = read(root, "thresholds", THRESHOLDS);
        JsonNode enabled = root.get("enabled");
        if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
            throw invalid("enabled", "enabled must be true or false");
        }
        return new Assignment(id, pluginId, version, interval, timeout,
                params == null || params.isNull() ? "{}" : params.toString(), grants, thresholds,
                enabled == null || enabled.isNull() || enabled.booleanValue(), null);
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(422, "invalid_assignment", field + ": " + message);
    }

    private static String text(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw invalid(field, field + " must be a string");
        }
        return n.textValue();
    }

    private static long number(JsonNode root, String field, long absent) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return absent;
        }
        if (!n.canConvertToExactIntegral() || !n.canConvertToLong()) {
            throw invalid(field, field + " must be a whole number");
        }
        return n.longValue();
    }

    private static <T> T read(JsonNode root, String field, ObjectReader reader) {
        JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw invalid(field, field + " must be a JSON object");
        }
        try {
            return reader.readValue(n);
        } catch (java.io.IOException e) {
            throw invalid(field, e.getMessage().lines().findFirst().orElse("unreadable"));
        }
    }
}
