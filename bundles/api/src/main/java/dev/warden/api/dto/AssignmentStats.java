package dev.warden.api.dto;

/**
 * What one assignment's runs added up to since the agent started, and where its schedule stands.
 *
 * @param consecutiveFailures runs in a row that ended UNKNOWN or abnormally (0 after a success)
 * @param backoffUntil ISO-8601 instant until which scheduled runs are held back, or null
 * @param lastStatus status of the latest run, or null before the first
 */
public record AssignmentStats(String assignmentId, String pluginId, long runs, long ok, long warning,
        long critical, long unknown, long skipped, long late, long backedOff, int consecutiveFailures,
        String backoffUntil, Status lastStatus, String lastRunAt, long wallMsTotal, long cpuMsTotal,
        long memoryPeakMaxBytes, long hostCallsTotal, long logBytesTotal, long egressBytesTotal,
        long egressDeniedTotal) {
}
