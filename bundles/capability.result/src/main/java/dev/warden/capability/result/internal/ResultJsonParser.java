package dev.warden.capability.result.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Metric;
import dev.warden.api.dto.Status;
import dev.warden.common.Json;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the plugin-supplied part of {@code serviceradar.plugin_result.v1}. Checks the shape by
 * hand instead of binding to {@link CheckResult}, so a plugin can never set host-owned fields
 * ({@code plugin_id}, {@code stats} ...) and every rejection names the field at fault. Unknown
 * fields are ignored: newer SDKs may send more than this host knows.
 */
final class ResultJsonParser {

    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** A result the plugin sent that cannot be accepted, with the reason. */
    static final class InvalidResultException extends Exception {

        private static final long serialVersionUID = 1L;

        InvalidResultException(String message) {
            super(message);
        }
    }

    CheckResult parse(byte[] json) throws InvalidResultException {
        JsonNode root = readTree(json);
        if (!root.isObject()) {
            throw new InvalidResultException("result must be a JSON object");
        }
        JsonNode statusNode = root.get("status");
        if (statusNode == null || statusNode.isNull()) {
            throw new InvalidResultException("status is required");
        }
        Status status = statusNode.isTextual() ? Status.parse(statusNode.asText()) : null;
        if (status == null) {
            throw new InvalidResultException("status must be one of OK, WARNING, CRITICAL, UNKNOWN");
        }
        return new CheckResult(null, status, optionalText(root, "summary"), optionalText(root, "perfdata"),
                metrics(root.get("metrics")), labels(root.get("labels")), observedAt(root.get("observed_at")), null,
                null, null, null, null, null);
    }

    private static JsonNode readTree(byte[] json) throws InvalidResultException {
        try {
            JsonNode root = READER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new InvalidResultException("result is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidResultException("result is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidResultException("result is not valid JSON: " + e.getMessage());
        }
    }

    private static String optionalText(JsonNode parent, String field) throws InvalidResultException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidResultException(field + " must be a string");
        }
        return node.asText();
    }

    private static Double optionalNumber(JsonNode parent, String field, String path) throws InvalidResultException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InvalidResultException(path + " must be a number");
        }
        return node.asDouble();
    }

    private static List<Metric> metrics(JsonNode node) throws InvalidResultException {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new InvalidResultException("metrics must be an array");
        }
        List<Metric> metrics = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
            metrics.add(metric(node.get(i), "metrics[" + i + "]"));
        }
        return metrics;
    }

    private static Metric metric(JsonNode node, String path) throws InvalidResultException {
        if (!node.isObject()) {
            throw new InvalidResultException(path + " must be an object");
        }
        JsonNode name = node.get("name");
        if (name == null || !name.isTextual() || name.asText().isEmpty()) {
            throw new InvalidResultException(path + ".name must be a non-empty string");
        }
        Double value = optionalNumber(node, "value", path + ".value");
        if (value == null) {
            throw new InvalidResultException(path + ".value is required");
        }
        return new Metric(name.asText(), value, optionalText(node, "unit"), optionalNumber(node, "warn", path + ".warn"),
                optionalNumber(node, "crit", path + ".crit"), optionalNumber(node, "min", path + ".min"),
                optionalNumber(node, "max", path + ".max"));
    }

    private static Map<String, String> labels(JsonNode node) throws InvalidResultException {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidResultException("labels must be an object of strings");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new InvalidResultException("labels." + e.getKey() + " must be a string");
            }
            labels.put(e.getKey(), e.getValue().asText());
        }
        return labels;
    }

    private static String observedAt(JsonNode node) throws InvalidResultException {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            try {
                // Normalised to an instant so downstream sorting and display see one format.
                return OffsetDateTime.parse(node.asText()).toInstant().toString();
            } catch (DateTimeParseException e) {
                // fall through to the common message
            }
        }
        throw new InvalidResultException("observed_at must be an ISO-8601 timestamp with offset");
    }
}
