package dev.warden.web.internal;

import static dev.warden.web.internal.ApiServices.require;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import dev.warden.common.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v1/assignments}: read what is scheduled, write through the assignment store, run now.
 *
 * <p>Writes are checked by the plugin registry (the plugin and version exist, grants are a subset
 * of the manifest, params match the config schema) before they reach the store. This is the one
 * place that validates at write time: the store stays a plain persistence layer, and
 * configurations written behind the API's back (ConfigAdmin files, the web console) are held to
 * the manifest at run time by the engine instead. Secret params never leave here (see
 * {@link SecretParams}).
 */
final class AssignmentEndpoints {

    /** Far more than any assignment needs; keeps a stray upload from filling the heap. */
    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private static final long SCHEDULED_WAIT_MS = 2_000;

    private final ApiServices services;

    AssignmentEndpoints(ApiServices services) {
        this.services = services;
    }

    Reply list(HttpServletRequest req, List<String> p) {
        PluginRegistry registry = services.registry();
        Map<String, AssignmentStats> status = statusById(services.runner());
        List<Object> out = current(services).stream()
                .map(a -> (Object) withStatus(view(a, registry), status.get(a.id()))).toList();
        return Reply.ok(Map.of("assignments", out));
    }

    Reply get(HttpServletRequest req, List<String> p) {
        PluginRegistry registry = services.registry();
        Map<String, AssignmentStats> status = statusById(services.runner());
        return find(p.get(0)).map(a -> Reply.ok(withStatus(view(a, registry), status.get(a.id()))))
                .orElseThrow(() -> noSuch(p.get(0)));
    }

    Reply put(HttpServletRequest req, List<String> p) throws IOException {
        Assignment wanted = null;
        try {
            byte[] body = BodyReader.read(req.getInputStream(), req.getContentLengthLong(), MAX_BODY_BYTES);
            wanted = AssignmentJson.read(p.get(0), body);
            Reply reply = store(wanted);
            RestAudit.ok(services, req, "assignment.put", RestAudit.assignment(wanted));
            return reply;
        } catch (RuntimeException e) {
            RestAudit.refused(services, req, "assignment.put",
                    wanted == null ? RestAudit.assignment(p.get(0)) : RestAudit.assignment(wanted), e);
            throw e;
        }
    }

    private Reply store(Assignment wanted) {
        AssignmentStore store = require(services.store(), "assignment store");
        String id = wanted.id();
        Optional<Assignment> existing = store.assignments().stream().filter(a -> a.id().equals(id)).findFirst();
        PluginRegistry registry = services.registry();
        try {
            if (registry != null) {
                wanted = SecretParams.keepStored(wanted, () -> existing.orElse(null), registry);
                registry.validateAssignment(wanted);
            }
            Assignment stored = store.put(wanted);
            awaitScheduled(stored);
            return new Reply(existing.isPresent() ? 200 : 201, view(stored, registry));
        } catch (InvalidAssignmentException e) {
            throw AssignmentJson.invalid(e.field() == null ? "assignment" : e.field(), e.getMessage());
        }
    }

    /**
     * The store tells the scheduler asynchronously; waiting (briefly) until the scheduler holds the
     * stored version means a run-now or GET straight after the PUT already sees it.
     */
    private void awaitScheduled(Assignment stored) {
        AssignmentRunner runner = services.runner();
        if (runner == null) {
            return;
        }
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(SCHEDULED_WAIT_MS);
        while (!runner.assignment(stored.id()).filter(a -> sameContent(a, stored)).isPresent()
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Equal but for the source name, which the scheduler may add. */
    private static boolean sameContent(Assignment a, Assignment b) {
        return a.pluginId().equals(b.pluginId()) && java.util.Objects.equals(a.pluginVersion(), b.pluginVersion())
                && a.intervalMs() == b.intervalMs() && java.util.Objects.equals(a.timeoutMs(), b.timeoutMs())
                && a.params().equals(b.params()) && a.grants().equals(b.grants())
                && a.thresholds().equals(b.thresholds()) && a.enabled() == b.enabled();
    }

    Reply delete(HttpServletRequest req, List<String> p) {
        try {
            if (!require(services.store(), "assignment store").delete(p.get(0))) {
                throw noSuch(p.get(0));
            }
            RestAudit.ok(services, req, "assignment.delete", RestAudit.assignment(p.get(0)));
            return Reply.noContent();
        } catch (RuntimeException e) {
            RestAudit.refused(services, req, "assignment.delete", RestAudit.assignment(p.get(0)), e);
            throw e;
        }
    }

    Reply run(HttpServletRequest req, List<String> p) {
        try {
            CheckResult result = require(services.runner(), "assignment runner").runNow(p.get(0))
                    .orElseThrow(() -> noSuch(p.get(0)));
            Map<String, Object> what = RestAudit.assignment(p.get(0));
            what.put("result_id", result.id());
            what.put("status", result.status());
            RestAudit.ok(services, req, "assignment.run", what);
            return Reply.ok(result);
        } catch (RuntimeException e) {
            RestAudit.refused(services, req, "assignment.run", RestAudit.assignment(p.get(0)), e);
            throw e;
        }
    }

    /**
     * What the scheduler knows of each assignment's runs; empty without a scheduler. Figures are
     * extra information, so a scheduler failing to give them never fails the request.
     */
    static Map<String, AssignmentStats> statusById(AssignmentRunner runner) {
        if (runner == null) {
            return Map.of();
        }
        try {
            Map<String, AssignmentStats> byId = new HashMap<>();
            for (AssignmentStats s : runner.assignmentStats()) {
                byId.putIfAbsent(s.assignmentId(), s);
            }
            return byId;
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    /** {@code "status"} is the scheduler's figures for the assignment, or null when it has none. */
    private static JsonNode withStatus(JsonNode view, AssignmentStats status) {
        ((ObjectNode) view).set("status", status == null ? NullNode.getInstance() : Json.mapper().valueToTree(status));
        return view;
    }

    /** The scheduler's view covers every source; without it, fall back to what the store holds. */
    static Collection<Assignment> current(ApiServices services) {
        AssignmentRunner runner = services.runner();
        if (runner != null) {
            return runner.assignments();
        }
        return require(services.store(), "assignment runner").assignments();
    }

    private Optional<Assignment> find(String id) {
        AssignmentRunner runner = services.runner();
        if (runner != null) {
            return runner.assignment(id);
        }
        return require(services.store(), "assignment runner").assignments().stream()
                .filter(a -> a.id().equals(id)).findFirst();
    }

    /**
     * The REST shape with secrets masked. Without the registry nobody can say which params are
     * secret, so all of them are withheld rather than risk showing one.
     */
    static JsonNode view(Assignment a, PluginRegistry registry) {
        ObjectNode node = (ObjectNode) AssignmentJson.write(a);
        if (registry == null) {
            node.remove("params");
        } else if (node.get("params") instanceof ObjectNode params) {
            SecretParams.mask(params, SecretParams.of(registry, a.pluginId()));
        }
        return node;
    }

    private static ApiException noSuch(String id) {
        return ApiException.notFound("no assignment " + id);
    }
}
