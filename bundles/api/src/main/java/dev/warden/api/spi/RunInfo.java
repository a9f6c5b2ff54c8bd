package dev.warden.api.spi;

/** Who is running: identifies the run to host functions and in logs. */
public record RunInfo(String runId, String pluginId, String pluginVersion, String assignmentId, String agentId) {
}
