package dev.warden.web.internal;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.FleetOperator;
import dev.warden.api.FleetStatus;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import dev.warden.web.internal.audit.AuditLog;

/** The services the API uses, each possibly absent right now (they come and go dynamically). */
interface ApiServices {

    PluginRegistry registry();

    AssignmentRunner runner();

    AssignmentStore store();

    ResultStore results();

    /** The fleet as an operator sees it; null when this agent is not part of a fleet. */
    default FleetOperator fleet() {
        return null;
    }

    /** This agent's standing in its fleet; null when it is not part of one. */
    default FleetStatus fleetStatus() {
        return null;
    }

    /** Where admin actions are recorded; null when there is no audit log (tests, or while it restarts). */
    default AuditLog audit() {
        return null;
    }

    static <T> T require(T service, String name) {
        if (service == null) {
            throw ApiException.unavailable(name);
        }
        return service;
    }
}
