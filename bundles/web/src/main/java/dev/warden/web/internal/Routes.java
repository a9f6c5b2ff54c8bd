package dev.warden.web.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Path templates like {@code assignments/{}/run} mapped to one endpoint per method. Tells apart
 * "no such path" (404) from "no such method on this path" (405).
 */
final class Routes {

    private record Route(String[] template, Map<String, Endpoint> methods, boolean open) {
    }

    /** A matched path: its endpoint for the method (empty = 405), the allowed methods and the variable segments. */
    record Match(Optional<Endpoint> endpoint, List<String> allowed, List<String> params, boolean open) {
    }

    private final List<Route> routes = new ArrayList<>();

    Routes add(String method, String template, Endpoint endpoint) {
        return add(method, template, endpoint, false);
    }

    /** An open route needs no token. */
    Routes addOpen(String method, String template, Endpoint endpoint) {
        return add(method, template, endpoint, true);
    }

    private Routes add(String method, String template, Endpoint endpoint, boolean open) {
        String[] parts = template.split("/");
        for (Route r : routes) {
            if (java.util.Arrays.equals(r.template, parts)) {
                r.methods.put(method, endpoint);
                return this;
            }
        }
        Map<String, Endpoint> methods = new LinkedHashMap<>();
        methods.put(method, endpoint);
        routes.add(new Route(parts, methods, open));
        return this;
    }

    Optional<Match> match(String method, List<String> segments) {
        for (Route r : routes) {
            if (r.template.length != segments.size()) {
                continue;
            }
            List<String> params = new ArrayList<>();
            boolean ok = true;
            for (int i = 0; i < r.template.length && ok; i++) {
                if (r.template[i].equals("{}")) {
                    params.add(segments.get(i));
                } else {
                    ok = r.template[i].equals(segments.get(i));
                }
            }
            if (ok) {
                return Optional.of(new Match(Optional.ofNullable(r.methods.get(method)), List.copyOf(r.methods.keySet()),
                        params, r.open));
            }
        }
        return Optional.empty();
    }
}
