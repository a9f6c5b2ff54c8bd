package dev.warden.config.configadmin.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Threshold;
import dev.warden.common.Json;
import dev.warden.common.threshold.NagiosRange;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Turns stored fields into an {@link Assignment}, refusing anything that would fail later at run time. */
final class AssignmentParser {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final Pattern PLUGIN_ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final Pattern VERSION = Pattern.compile("[0-9A-Za-z][0-9A-Za-z.+-]{0,63}");
    static final long MIN_INTERVAL_MS = 1_000;

    /** Operator input: a misspelt key must be an error, not silently ignored. */
    private static final ObjectReader GRANTS = Json.mapper().readerFor(Grants.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final ObjectReader THRESHOLDS = Json.mapper().readerFor(new TypeReference<Map<String, Threshold>>() {
    }).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private AssignmentParser() {
    }

    static Assignment parse(AssignmentFields f, String source) throws InvalidAssignmentException {
        if (f.id() == null || !ID.matcher(f.id()).matches()) {
            throw new InvalidAssignmentException(AssignmentFields.ID,
                    "id '" + f.id() + "' must match [A-Za-z0-9][A-Za-z0-9._-]{0,63}");
        }
        String pluginId = f.pluginId() == null ? "" : f.pluginId().trim();
        if (pluginId.isEmpty()) {
            throw new InvalidAssignmentException(AssignmentFields.PLUGIN_ID, "plugin_id is required");
        }
        if (!PLUGIN_ID.matcher(pluginId).matches()) {
            throw new InvalidAssignmentException(AssignmentFields.PLUGIN_ID,
                    "plugin_id '" + pluginId + "' must match [a-z0-9][a-z0-9._-]{0,63}");
        }
        String version = f.pluginVersion() == null || f.pluginVersion().isBlank() ? null : f.pluginVersion().trim();
        if (version != null && !VERSION.matcher(version).matches()) {
            throw new InvalidAssignmentException(AssignmentFields.PLUGIN_VERSION, "plugin_version '" + version + "' is not a version");
        }
        if (f.intervalMs() < MIN_INTERVAL_MS) {
            throw new InvalidAssignmentException(AssignmentFields.INTERVAL_MS,
                    "interval_ms must be at least " + MIN_INTERVAL_MS + ", was " + f.intervalMs());
        }
        if (f.timeoutMs() < 0) {
            throw new InvalidAssignmentException(AssignmentFields.TIMEOUT_MS, "timeout_ms must not be negative");
        }
        Long timeout = f.timeoutMs() == 0 ? null : f.timeoutMs();
        return new Assignment(f.id(), pluginId, version, f.intervalMs(), timeout, params(f.params()), grants(f.grants()),
                thresholds(f.thresholds()), f.enabled(), source);
    }

    private static String params(String text) throws InvalidAssignmentException {
        if (text == null || text.isBlank()) {
            return "{}";
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidAssignmentException(AssignmentFields.PARAMS, "params is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidAssignmentException(AssignmentFields.PARAMS, "params must be a JSON object");
        }
        return text.trim();
    }

    private static Grants grants(String text) throws InvalidAssignmentException {
        if (text == null || text.isBlank()) {
            return Grants.MANIFEST;
        }
        try {
            Grants g = GRANTS.readValue(text);
            return g == null ? Grants.MANIFEST : g;
        } catch (JsonProcessingException e) {
            throw new InvalidAssignmentException(AssignmentFields.GRANTS,
                    "grants must be {\"capabilities\":[...],\"permissions\":{...}}: " + e.getOriginalMessage());
        }
    }

    private static Map<String, Threshold> thresholds(String text) throws InvalidAssignmentException {
        if (text == null || text.isBlank()) {
            return Map.of();
        }
        Map<String, Threshold> parsed;
        try {
            parsed = THRESHOLDS.readValue(text);
        } catch (JsonProcessingException e) {
            throw new InvalidAssignmentException(AssignmentFields.THRESHOLDS,
                    "thresholds must be {\"metric\":{\"warn\":\"..\",\"crit\":\"..\"}}: " + e.getOriginalMessage());
        }
        Map<String, Threshold> checked = new LinkedHashMap<>();
        for (var e : (parsed == null ? Map.<String, Threshold>of() : parsed).entrySet()) {
            Threshold t = e.getValue();
            if (t == null || (blank(t.warn()) && blank(t.crit()))) {
                throw new InvalidAssignmentException(AssignmentFields.THRESHOLDS, "threshold of metric " + e.getKey() + " has neither warn nor crit");
            }
            range(e.getKey(), "warn", t.warn());
            range(e.getKey(), "crit", t.crit());
            checked.put(e.getKey(), new Threshold(blank(t.warn()) ? null : t.warn().trim(), blank(t.crit()) ? null : t.crit().trim()));
        }
        return checked;
    }

    private static void range(String metric, String level, String text) throws InvalidAssignmentException {
        if (blank(text)) {
            return;
        }
        try {
            NagiosRange.parse(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidAssignmentException(AssignmentFields.THRESHOLDS, "thresholds." + metric + "." + level + ": " + e.getMessage());
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
