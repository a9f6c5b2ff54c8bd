package dev.warden.api.dto;

/**
 * This agent's standing in its fleet at one moment.
 *
 * @param connected whether the broker connection is up
 * @param receivingAssignments whether the live assignment set arrives (false: the agent runs its
 *        last known set, e.g. while the broker is away or a watch is refused)
 * @param configRevision the assignments-bucket revision the agent has applied
 * @param resultBacklog results journalled and not yet in the result stream, -1 when unknown
 * @param resultsPublished results acknowledged by the stream since the agent started
 * @param resultsSkipped results the journal's retention removed before they were published
 * @param refusedPackages packages fetched and refused (hash, signature, validation)
 * @param rejectedAssignments assignments not run because they fail the local checks
 */
public record FleetHealth(String agentId, boolean connected, boolean receivingAssignments, long configRevision,
        long resultBacklog, long resultsPublished, long resultsSkipped, int refusedPackages, int rejectedAssignments) {
}
