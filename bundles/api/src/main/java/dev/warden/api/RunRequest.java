package dev.warden.api;

import dev.warden.api.dto.Assignment;

/** One run of one assignment on one plugin version. */
public record RunRequest(PluginPackage plugin, Assignment assignment, String agentId) {
}
