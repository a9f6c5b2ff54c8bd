package dev.warden.web.internal;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.FleetStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/health}: which services are present; DEGRADED when any the agent needs is missing,
 * or when the agent belongs to a fleet and its broker is away (it keeps running and journals, but
 * nothing reaches the fleet). Assignments backing off are reported but leave the agent UP: a failing
 * plugin is the plugin's problem. The answer needs no token, so it names states only, no figures.
 */
final class HealthEndpoint {

    private HealthEndpoint() {
    }

    static Reply health(ApiServices s) {
        Map<String, String> components = new LinkedHashMap<>();
        components.put("plugin_registry", state(s.registry()));
        components.put("assignment_runner", state(s.runner()));
        components.put("assignment_store", state(s.store()));
        components.put("result_store", state(s.results()));
        FleetStatus fleet = s.fleetStatus();
        if (fleet != null) {
            components.put("fleet", fleetState(fleet));
        }
        boolean up = !components.containsValue("MISSING") && !components.containsValue("DISCONNECTED");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", up ? "UP" : "DEGRADED");
        body.put("components", components);
        AssignmentRunner runner = s.runner();
        if (runner != null) {
            body.put("schedule", runner.stats());
            body.put("backing_off", AssignmentEndpoints.statusById(runner).values().stream()
                    .filter(st -> st.backoffUntil() != null).count());
        }
        return Reply.ok(body);
    }

    private static String fleetState(FleetStatus fleet) {
        try {
            return fleet.health().connected() ? "UP" : "DISCONNECTED";
        } catch (RuntimeException e) {
            return "DISCONNECTED";
        }
    }

    private static String state(Object service) {
        return service == null ? "MISSING" : "UP";
    }
}
