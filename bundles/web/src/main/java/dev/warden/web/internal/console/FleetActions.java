package dev.warden.web.internal.console;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.warden.web.internal.SecretParams;
import dev.warden.web.internal.audit.AuditEvent;
import dev.warden.web.internal.audit.AuditLog;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet forms of the console: publish a package, put and delete an assignment for an agent or a
 * label. Like {@link ConsoleActions}, each answers a {@link Notice} and writes one audit line, with
 * the same action names as the REST API.
 */
final class FleetActions {

    static final String PUBLISH = "fleet.plugin.publish";
    static final String PUT = "fleet.assignment.put";
    static final String DELETE = "fleet.assignment.delete";

    /** Form fields. */
    static final String ID = "id";
    static final String TARGET_KIND = "target_kind";
    static final String TARGET = "target";
    static final String PLUGIN_ID = "plugin_id";
    static final String PLUGIN_VERSION = "plugin_version";
    static final String INTERVAL_MS = "interval_ms";
    static final String PARAMS = "params";
    static final String ENABLED = "enabled";

    private static final Logger LOG = LoggerFactory.getLogger(FleetActions.class);

    private final ConsoleServices services;

    FleetActions(ConsoleServices services) {
        this.services = services;
    }

    /** Validated exactly like an upload (origin {@code upload}), then stored in the fleet's package store. */
    Notice publish(HttpServletRequest req, String who, long maxBytes) {
        Map<String, Object> what = new LinkedHashMap<>();
        FleetOperator fleet = services.fleet();
        if (fleet == null) {
            return refused(req, who, PUBLISH, what, notAnOperator());
        }
        byte[] zip;
        try {
            Part part = req.getPart(WardenConsolePlugin.UPLOAD_FIELD);
            if (part == null || part.getSize() == 0) {
                return refused(req, who, PUBLISH, what,
                        Notice.error("bad_request", WardenConsolePlugin.UPLOAD_FIELD, "choose a package file to publish"));
            }
            what.put("file", part.getSubmittedFileName());
            what.put("bytes", part.getSize());
            zip = part.getSize() > maxBytes ? null : read(part, maxBytes);
        } catch (ServletException | IOException | IllegalStateException e) {
            return refused(req, who, PUBLISH, what, Notice.error("bad_request", WardenConsolePlugin.UPLOAD_FIELD,
                    "send the package as multipart/form-data (" + e.getMessage() + ")"));
        }
        if (zip == null) {
            return refused(req, who, PUBLISH, what,
                    Notice.error("too_large", WardenConsolePlugin.UPLOAD_FIELD, "the package exceeds " + maxBytes + " bytes"));
        }
        try {
            PluginInfo info = fleet.publishPackage(new ByteArrayInputStream(zip));
            what.put("plugin_id", info.id());
            what.put("version", info.version());
            what.put("sha256", info.sha256());
            what.put("signer", info.signer());
            audit(AuditEvent.ok(who, req.getRemoteAddr(), PUBLISH, what));
            return Notice.ok("Published plugin " + info.id() + " version " + info.version() + " to the fleet"
                    + (info.signer() == null ? " (unsigned)." : ", signed by " + info.signer() + "."));
        } catch (InvalidPluginException e) {
            return refused(req, who, PUBLISH, what,
                    Notice.error(e.code() == null ? "invalid_package" : e.code(), e.field(), e.getMessage()));
        } catch (FleetUnavailableException e) {
            return refused(req, who, PUBLISH, what, Notice.error("fleet_unavailable", null, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Console fleet publish failed", e);
            return refused(req, who, PUBLISH, what, internal());
        }
    }

    /** Creates or replaces the assignment for the target from the form's fields. */
    Notice put(HttpServletRequest req, String who) {
        Map<String, Object> what = new LinkedHashMap<>();
        String id = trimmed(req.getParameter(ID));
        what.put("assignment_id", id);
        FleetOperator fleet = services.fleet();
        if (fleet == null) {
            return refused(req, who, PUT, what, notAnOperator());
        }
        FleetTarget target;
        Assignment wanted;
        try {
            target = target(req);
            what.putAll(targetView(target));
            wanted = assignment(req, id);
        } catch (FormException e) {
            return refused(req, who, PUT, what, e.notice);
        }
        what.put("plugin_id", wanted.pluginId());
        what.put("plugin_version", wanted.pluginVersion());
        what.put("interval_ms", wanted.intervalMs());
        what.put("enabled", wanted.enabled());
        try {
            PluginRegistry registry = services.registry();
            if (registry != null) {
                // as over REST: a secret typed as the mask keeps the value stored for the same key
                wanted = SecretParams.keepStored(wanted, () -> fleet.assignments().stream()
                        .filter(f -> f.target().equals(target) && f.assignment().id().equals(id))
                        .findFirst().map(FleetAssignment::assignment).orElse(null), registry);
            }
            long revision = fleet.putAssignment(target, wanted);
            what.put("revision", revision);
            audit(AuditEvent.ok(who, req.getRemoteAddr(), PUT, what));
            return Notice.ok("Fleet assignment " + id + " stored for " + target + " (revision " + revision + ").");
        } catch (InvalidAssignmentException e) {
            return refused(req, who, PUT, what, Notice.error("invalid_assignment", e.field(), e.getMessage()));
        } catch (FleetUnavailableException e) {
            return refused(req, who, PUT, what, Notice.error("fleet_unavailable", null, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Console fleet assignment put failed", e);
            return refused(req, who, PUT, what, internal());
        }
    }

    Notice delete(HttpServletRequest req, String who) {
        Map<String, Object> what = new LinkedHashMap<>();
        String id = trimmed(req.getParameter(ID));
        what.put("assignment_id", id);
        FleetOperator fleet = services.fleet();
        if (fleet == null) {
            return refused(req, who, DELETE, what, notAnOperator());
        }
        FleetTarget target;
        try {
            target = target(req);
        } catch (FormException e) {
            return refused(req, who, DELETE, what, e.notice);
        }
        what.putAll(targetView(target));
        try {
            if (id == null || !fleet.deleteAssignment(target, id)) {
                return refused(req, who, DELETE, what,
                        Notice.error("not_found", ID, "no fleet assignment " + id + " for " + target));
            }
            audit(AuditEvent.ok(who, req.getRemoteAddr(), DELETE, what));
            return Notice.ok("Fleet assignment " + id + " deleted for " + target + ".");
        } catch (FleetUnavailableException e) {
            return refused(req, who, DELETE, what, Notice.error("fleet_unavailable", null, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Console fleet assignment delete failed", e);
            return refused(req, who, DELETE, what, internal());
        }
    }

    private static FleetTarget target(HttpServletRequest req) throws FormException {
        String kind = trimmed(req.getParameter(TARGET_KIND));
        String value = trimmed(req.getParameter(TARGET));
        if (!"agent".equals(kind) && !"label".equals(kind)) {
            throw new FormException(Notice.error("invalid_target", TARGET_KIND, "choose agent or label"));
        }
        try {
            return "agent".equals(kind) ? new FleetTarget(value, null) : new FleetTarget(null, value);
        } catch (IllegalArgumentException e) {
            throw new FormException(Notice.error("invalid_target", TARGET, e.getMessage()));
        }
    }

    private static Assignment assignment(HttpServletRequest req, String id) throws FormException {
        if (id == null) {
            throw invalid(ID, "an assignment id is required");
        }
        String plugin = trimmed(req.getParameter(PLUGIN_ID));
        if (plugin == null) {
            throw invalid(PLUGIN_ID, "a plugin id is required");
        }
        long interval = 60_000;
        String intervalText = trimmed(req.getParameter(INTERVAL_MS));
        if (intervalText != null) {
            try {
                interval = Long.parseLong(intervalText);
            } catch (NumberFormatException e) {
                throw invalid(INTERVAL_MS, "interval_ms must be a whole number of milliseconds");
            }
        }
        String params = "{}";
        String paramsText = trimmed(req.getParameter(PARAMS));
        if (paramsText != null) {
            JsonNode tree;
            try {
                tree = Json.mapper().readTree(paramsText);
            } catch (IOException e) {
                throw invalid(PARAMS, "params must be a JSON object (" + e.getMessage().lines().findFirst().orElse("unreadable") + ")");
            }
            if (tree == null || !tree.isObject()) {
                throw invalid(PARAMS, "params must be a JSON object");
            }
            params = tree.toString();
        }
        return new Assignment(id, plugin, trimmed(req.getParameter(PLUGIN_VERSION)), interval, null, params, null, null,
                req.getParameter(ENABLED) != null, null);
    }

    private static FormException invalid(String field, String message) {
        return new FormException(Notice.error("invalid_assignment", field, message));
    }

    static Map<String, Object> targetView(FleetTarget target) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put(target.agent() != null ? "agent" : "label", target.agent() != null ? target.agent() : target.label());
        return view;
    }

    private static Notice notAnOperator() {
        return Notice.error("fleet_unavailable", null, "this agent is not a fleet operator (no fleet configured)");
    }

    private static Notice internal() {
        return Notice.error("internal_error", null, "the action failed inside the agent; see the agent log");
    }

    private Notice refused(HttpServletRequest req, String who, String action, Map<String, Object> what, Notice notice) {
        audit(AuditEvent.refused(who, req.getRemoteAddr(), action, what, notice.code()));
        return notice;
    }

    private void audit(AuditEvent event) {
        AuditLog log = services.audit();
        if (log != null) {
            log.record(event);
        }
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static byte[] read(Part part, long maxBytes) throws IOException {
        try (InputStream in = part.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            return bytes.length > maxBytes ? null : bytes;
        }
    }

    /** A form field that cannot be used; carries the notice to show. */
    private static final class FormException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Notice notice;

        FormException(Notice notice) {
            super(notice.message(), null, false, false);
            this.notice = notice;
        }
    }
}
