package dev.warden.config.configadmin.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.Grants;
import dev.warden.common.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An assignment as it is stored in a configuration: flat fields, JSON as text. Kept apart from
 * {@link Assignment} so the stored form and its parsing can be tested without ConfigAdmin.
 */
record AssignmentFields(String id, String pluginId, String pluginVersion, long intervalMs, long timeoutMs,
        String params, String grants, String thresholds, boolean enabled) {

    static final String ID = "id";
    static final String PLUGIN_ID = "plugin_id";
    static final String PLUGIN_VERSION = "plugin_version";
    static final String INTERVAL_MS = "interval_ms";
    static final String TIMEOUT_MS = "timeout_ms";
    static final String PARAMS = "params";
    static final String GRANTS = "grants";
    static final String THRESHOLDS = "thresholds";
    static final String ENABLED = "enabled";

    static AssignmentFields of(AssignmentConfig c, String configurationName) {
        String id = c.id() == null || c.id().isBlank() ? configurationName : c.id().trim();
        return new AssignmentFields(id, c.plugin__id(), c.plugin__version(), c.interval__ms(), c.timeout__ms(), c.params(),
                c.grants(), c.thresholds(), c.enabled());
    }

    static AssignmentFields of(Assignment a) {
        try {
            String grants = a.grants() == null || Grants.MANIFEST.equals(a.grants()) ? ""
                    : Json.mapper().writeValueAsString(a.grants());
            String thresholds = a.thresholds().isEmpty() ? "" : Json.mapper().writeValueAsString(a.thresholds());
            return new AssignmentFields(a.id(), a.pluginId(), a.pluginVersion() == null ? "" : a.pluginVersion(),
                    a.intervalMs(), a.timeoutMs() == null ? 0 : a.timeoutMs(), a.params(), grants, thresholds, a.enabled());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write assignment " + a.id() + " as JSON", e);
        }
    }

    /** The configuration properties, typed as the metatype declares them. */
    Map<String, Object> toProperties() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put(ID, id);
        p.put(PLUGIN_ID, pluginId);
        p.put(PLUGIN_VERSION, pluginVersion == null ? "" : pluginVersion);
        p.put(INTERVAL_MS, intervalMs);
        p.put(TIMEOUT_MS, timeoutMs);
        p.put(PARAMS, params == null ? "{}" : params);
        p.put(GRANTS, grants == null ? "" : grants);
        p.put(THRESHOLDS, thresholds == null ? "" : thresholds);
        p.put(ENABLED, enabled);
        return p;
    }
}
