package dev.warden.api;

import dev.warden.api.dto.FleetHealth;
import org.osgi.annotation.versioning.ProviderType;

/** This agent's standing in its fleet; registered only while the agent is configured for one. */
@ProviderType
public interface FleetStatus {

    /** A consistent reading of the counters, taken now. */
    FleetHealth health();
}
