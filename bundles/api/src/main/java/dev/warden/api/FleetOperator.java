package dev.warden.api;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.FleetAgent;
import dev.warden.api.dto.FleetTarget;
import dev.warden.api.dto.PluginInfo;
import java.io.InputStream;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The fleet as an operator sees it: packages, assignments by target, agents and results shared
 * over the broker. Registered only while this agent is connected to a fleet; the REST API answers
 * 503 without it.
 */
@ProviderType
public interface FleetOperator {

    /**
     * Validates a package exactly like an upload (same {@link InvalidPluginException} codes), then
     * stores it in the fleet's package store under the SHA-256 of its bytes.
     */
    PluginInfo publishPackage(InputStream zip) throws InvalidPluginException;

    /**
     * Creates or replaces an assignment for one agent or one label, validated like a local one.
     *
     * @return the fleet configuration revision that holds it
     * @throws FleetUnavailableException when the broker cannot be reached or refuses the write
     */
    long putAssignment(FleetTarget target, Assignment assignment) throws InvalidAssignmentException;

    /** @return false when the target had no such assignment */
    boolean deleteAssignment(FleetTarget target, String assignmentId);

    /** The assignments stored for every target, each with its target. */
    List<dev.warden.api.dto.FleetAssignment> assignments();

    /** Every agent that reported itself, newest heartbeat first. */
    List<FleetAgent> agents();

    /**
     * Results from the fleet's result stream, newest first.
     *
     * @param agentId only this agent's results, or null for all
     * @param assignmentId only this assignment's results, or null for all
     * @param limit at most this many (1..1000)
     */
    List<CheckResult> results(String agentId, String assignmentId, int limit);
}
