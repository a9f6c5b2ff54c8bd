package dev.warden.fleet.internal;

import dev.warden.api.FleetStatus;
import dev.warden.api.dto.FleetHealth;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/** This agent's fleet counters for /metrics and health: read from the fleet components at each call. */
@Component(service = FleetStatus.class)
public final class FleetStatusService implements FleetStatus {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile FleetResultPublisher results;

    private final FleetConnection fleet;
    private final FleetAssignmentSource assignments;

    @Activate
    public FleetStatusService(@Reference FleetConnection fleet, @Reference FleetAssignmentSource assignments) {
        this.fleet = fleet;
        this.assignments = assignments;
    }

    @Override
    public FleetHealth health() {
        FleetResultPublisher publisher = results;
        return new FleetHealth(fleet.agentId(), fleet.connected(), assignments.live(), assignments.configRevision(),
                publisher == null ? -1 : publisher.backlog(), publisher == null ? 0 : publisher.published(),
                publisher == null ? 0 : publisher.skipped(), assignments.refusedPackages().size(),
                assignments.rejectedAssignments().size());
    }
}
