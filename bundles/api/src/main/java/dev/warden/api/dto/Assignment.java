package dev.warden.api.dto;

import java.util.Map;

/**
 * A plugin assigned to run on an interval with parameters.
 *
 * @param pluginVersion a pinned version, or null to follow the newest installed one
 * @param timeoutMs overrides the manifest's timeout when set (never above the agent ceiling)
 * @param params the parameters as a JSON object text, handed to the plugin by {@code get_config}
 * @param source name of the {@code AssignmentSource} that owns it
 */
public record Assignment(String id, String pluginId, String pluginVersion, long intervalMs, Long timeoutMs,
        String params, Grants grants, Map<String, Threshold> thresholds, boolean enabled, String source) {

    public Assignment {
        params = params == null || params.isBlank() ? "{}" : params;
        grants = grants == null ? Grants.MANIFEST : grants;
        thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
    }
}
