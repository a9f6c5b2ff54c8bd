package dev.warden.api.dto;

import java.util.List;

/**
 * One agent as it last reported itself to the fleet.
 *
 * @param configRevision the assignments-bucket revision the agent has applied
 * @param lastSeen ISO-8601 instant of its last heartbeat
 * @param refusedPackages packages the agent fetched and refused (hash, signature or validation),
 *        each as {@code "<id> <version> <sha256>: <reason>"}
 * @param resultBacklog results journalled but not yet in the fleet's result stream (grows while
 *        the broker is away), -1 when unknown
 * @param resultsSkipped results the journal's retention removed before they were published
 * @param rejectedAssignments assignments the agent does not run because they fail the checks of a
 *        local assignment (written to the bucket without the operator API), each as {@code "<id>: <reason>"}
 * @param assignmentsError why the agent does not receive its live assignments (it keeps running
 *        the last known set), e.g. a label its broker user may not read; null when it does
 */
public record FleetAgent(String agentId, String version, List<String> labels, List<String> capabilities,
        long configRevision, String lastSeen, List<String> refusedPackages, long resultBacklog, long resultsSkipped,
        List<String> rejectedAssignments, String assignmentsError) {

    public FleetAgent {
        labels = labels == null ? List.of() : List.copyOf(labels);
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        refusedPackages = refusedPackages == null ? List.of() : List.copyOf(refusedPackages);
        rejectedAssignments = rejectedAssignments == null ? List.of() : List.copyOf(rejectedAssignments);
    }
}
