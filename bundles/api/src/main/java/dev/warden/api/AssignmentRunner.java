package dev.warden.api;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The scheduler as seen by operators: the effective assignments, run-now and schedule statistics. */
@ProviderType
public interface AssignmentRunner {

    /** Every assignment of every source, as scheduled now. */
    List<Assignment> assignments();

    Optional<Assignment> assignment(String id);

    /**
     * Runs an assignment once now (even when disabled), publishes the result to the sinks and returns it.
     * Empty when there is no such assignment. Waits while a scheduled run of it is in flight.
     */
    Optional<CheckResult> runNow(String assignmentId);

    /** Counters since start. */
    ScheduleStats stats();

    /** Per-assignment totals and schedule state (backoff), for every scheduled assignment. */
    List<dev.warden.api.dto.AssignmentStats> assignmentStats();

    /** Schedule counters: runs started, runs skipped because the previous one was still running, late starts. */
    record ScheduleStats(long started, long skipped, long late, int inFlight, int scheduled) {
    }
}
