package dev.warden.api.dto;

/** An assignment in the fleet with the target it is stored for and the revision that wrote it. */
public record FleetAssignment(FleetTarget target, Assignment assignment, long revision) {
}
