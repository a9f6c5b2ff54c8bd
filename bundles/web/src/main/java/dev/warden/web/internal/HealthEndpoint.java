package dev.warden.web.internal;

import dev.warden.api.AssignmentRunner;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/health}: which services are present; DEGRADED when any the agent needs is missing.
 * Assignments backing off are reported but leave the agent UP: a failing plugin is the plugin's problem.
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
        boolean up = !components.containsValue("MISSING");
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

    private static String state(Object service) {
        return service == null ? "MISSING" : "UP";
    }
}
