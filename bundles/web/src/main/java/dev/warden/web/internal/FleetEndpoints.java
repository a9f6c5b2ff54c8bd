package dev.warden.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.FleetOperator;
import dev.warden.api.FleetUnavailableException;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.FleetAssignment;
import dev.warden.api.dto.FleetTarget;
import dev.warden.api.dto.PluginInfo;
import dev.warden.common.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * {@code /api/v1/fleet/...}: the operator's view of the fleet. Answers 503 {@code fleet_unavailable}
 * when this agent has no fleet operator service (no fleet configured) or the broker cannot be
 * reached or refuses the request. Writes are validated and audited like their local counterparts.
 */
final class FleetEndpoints {

    /** Same cap as a local assignment body. */
    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private final ApiServices services;
    private final LongSupplier maxUploadBytes;

    FleetEndpoints(ApiServices services, LongSupplier maxUploadBytes) {
        this.services = services;
        this.maxUploadBytes = maxUploadBytes;
    }

    /** Same body, limits and errors as {@code POST /api/v1/plugins}; stored in the fleet instead of installed. */
    Reply publish(HttpServletRequest req, List<String> p) throws IOException {
        try {
            if (!PluginEndpoints.isZip(req.getContentType())) {
                throw new ApiException(415, "unsupported_media_type", "upload a package with Content-Type: application/zip");
            }
            FleetOperator fleet = fleet();
            byte[] body = BodyReader.read(req.getInputStream(), req.getContentLengthLong(), maxUploadBytes.getAsLong());
            PluginInfo published;
            try {
                published = fleet.publishPackage(new ByteArrayInputStream(body));
            } catch (InvalidPluginException e) {
                throw PluginEndpoints.refused(e);
            } catch (FleetUnavailableException e) {
                throw unavailable(e);
            }
            RestAudit.ok(services, req, "fleet.plugin.publish", RestAudit.plugin(published));
            return Reply.created(PluginView.of(published));
        } catch (RuntimeException e) {
            RestAudit.refused(services, req, "fleet.plugin.publish", Map.of(), e);
            throw e;
        }
    }

    /** Body: the assignment JSON of {@code PUT /api/v1/assignments/{id}} plus {@code "target"}. */
    Reply put(HttpServletRequest req, List<String> p) throws IOException {
        Map<String, Object> what = RestAudit.assignment(p.get(0));
        try {
            FleetOperator fleet = fleet();
            byte[] body = BodyReader.read(req.getInputStream(), req.getContentLengthLong(), MAX_BODY_BYTES);
            ObjectNode root = object(body);
            FleetTarget target = target(root.remove("target"));
            what.putAll(targetView(target));
            Assignment wanted = AssignmentJson.read(p.get(0), Json.mapper().writeValueAsBytes(root));
            what.putAll(RestAudit.assignment(wanted));
            PluginRegistry registry = services.registry();
            long revision;
            try {
                if (registry != null) {
                    Assignment incoming = wanted;
                    wanted = SecretParams.keepStored(wanted, () -> fleet.assignments().stream()
                            .filter(f -> f.target().equals(target) && f.assignment().id().equals(incoming.id()))
                            .findFirst().map(FleetAssignment::assignment).orElse(null), registry);
                }
                revision = fleet.putAssignment(target, wanted);
            } catch (InvalidAssignmentException e) {
                throw AssignmentJson.invalid(e.field() == null ? "assignment" : e.field(), e.getMessage());
            } catch (FleetUnavailableException e) {
                throw unavailable(e);
            }
            what.put("revision", revision);
            RestAudit.ok(services, req, "fleet.assignment.put", what);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("target", targetView(target));
            reply.put("revision", revision);
            reply.put("assignment", AssignmentEndpoints.view(wanted, registry));
            return Reply.ok(reply);
        } catch (RuntimeException e) {
            RestAudit.refused(services, req, "fleet.assignment.put", what, e);
            throw e;
        }
    }

    /** {@code ?agent=ID} or {@code ?label=L}, exactly one. */
    Reply delete(HttpServletRequest req, List<String> p) {
        Map<String, Object> what = RestAudit.assignment(p.get(0));
        try {
            FleetOperator fleet = fleet();
            FleetTarget target = target(req.getParameter("agent"), req.getParameter("label"));
            what.putAll(targetView(target));
            boolean deleted;
            try {
                deleted = fleet.deleteAssignment(target, p.get(0));
            } catch (FleetUnavailableException e) {
                throw unavailable(e);
            }
            if (!deleted) {
                throw ApiException.notFound("no fleet assignment " + p.get(0) + " for " + target);
            }
            RestAudit.ok(services, req, "fleet.assignment.delete", what);
            return Reply.noContent();
        } catch (RuntimeException e) {
            RestAudit.refused(services, req, "fleet.assignment.delete", what, e);
            throw e;
        }
    }

    Reply assignments(HttpServletRequest req, List<String> p) {
        List<FleetAssignment> all;
        try {
            all = fleet().assignments();
        } catch (FleetUnavailableException e) {
            throw unavailable(e);
        }
        PluginRegistry registry = services.registry();
        List<Object> out = all.stream().map(f -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("target", targetView(f.target()));
            item.put("revision", f.revision());
            item.put("assignment", AssignmentEndpoints.view(f.assignment(), registry));
            return (Object) item;
        }).toList();
        return Reply.ok(Map.of("assignments", out));
    }

    Reply agents(HttpServletRequest req, List<String> p) {
        try {
            return Reply.ok(Map.of("agents", fleet().agents()));
        } catch (FleetUnavailableException e) {
            throw unavailable(e);
        }
    }

    /** {@code ?agent=&assignment=&limit=}: newest first; limit as for {@code GET /api/v1/results}. */
    Reply results(HttpServletRequest req, List<String> p) {
        String agent = blankToNull(req.getParameter("agent"));
        if (agent != null && !FleetTargets.isToken(agent)) {
            throw ApiException.badRequest("agent must be 1-128 letters, digits, '_' or '-'");
        }
        String assignment = blankToNull(req.getParameter("assignment"));
        int limit = ResultEndpoints.limit(req.getParameter("limit"));
        try {
            return Reply.ok(Map.of("results", fleet().results(agent, assignment, limit)));
        } catch (FleetUnavailableException e) {
            throw unavailable(e);
        }
    }

    private FleetOperator fleet() {
        FleetOperator fleet = services.fleet();
        if (fleet == null) {
            throw new ApiException(503, "fleet_unavailable",
                    "this agent is not a fleet operator (no fleet configured, or not connected yet)");
        }
        return fleet;
    }

    private static ApiException unavailable(FleetUnavailableException e) {
        return new ApiException(503, "fleet_unavailable", e.getMessage());
    }

    private static ObjectNode object(byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("body is not valid JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw ApiException.badRequest("body must be a JSON object");
        }
        return (ObjectNode) root;
    }

    /** {@code {"agent": ID}} or {@code {"label": L}}; anything else is a bad request. */
    static FleetTarget target(JsonNode node) {
        if (node == null || node.isNull()) {
            throw FleetTargets.invalid("\"target\" is required: {\"agent\": ID} or {\"label\": L}");
        }
        if (!node.isObject()) {
            throw FleetTargets.invalid("\"target\" must be a JSON object: {\"agent\": ID} or {\"label\": L}");
        }
        var names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!name.equals("agent") && !name.equals("label")) {
                throw FleetTargets.invalid("\"target\" has an unknown field \"" + name + "\"");
            }
        }
        return target(text(node.get("agent")), text(node.get("label")));
    }

    static FleetTarget target(String agent, String label) {
        return FleetTargets.of(blankToNull(agent), blankToNull(label));
    }

    private static String text(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual()) {
            throw FleetTargets.invalid("target agent and label are strings");
        }
        return n.textValue();
    }

    static Map<String, Object> targetView(FleetTarget target) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (target.agent() != null) {
            view.put("agent", target.agent());
        } else {
            view.put("label", target.label());
        }
        return view;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
