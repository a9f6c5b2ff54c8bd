package dev.warden.web.internal.console;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;

/**
 * One assignment with what is known about its runs.
 *
 * @param stats the scheduler's figures, or null when it has none
 * @param last the newest stored result, or null
 * @param configPid the ConfigAdmin configuration holding it, or null when it lives elsewhere
 */
record AssignmentRow(Assignment assignment, AssignmentStats stats, CheckResult last, String configPid) {

    /** The latest run's status: the scheduler's word first, else the newest stored result's; null before any run. */
    Status status() {
        if (stats != null && stats.lastStatus() != null) {
            return stats.lastStatus();
        }
        return last == null ? null : last.status();
    }
}
