package dev.warden.web.internal.console;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.FleetOperator;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import dev.warden.web.internal.audit.AuditLog;
import org.osgi.service.cm.ConfigurationAdmin;

/** What the console page works with; each may be absent right now (they come and go dynamically). */
interface ConsoleServices {

    PluginRegistry registry();

    AssignmentStore store();

    AssignmentRunner runner();

    ResultStore results();

    ConfigurationAdmin configAdmin();

    AuditLog audit();

    /** The fleet as an operator sees it; null when this agent is not part of a fleet. */
    default FleetOperator fleet() {
        return null;
    }
}
