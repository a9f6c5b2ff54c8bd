package dev.warden.web.internal.console;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginInfo;
import dev.warden.web.internal.audit.AuditEvent;
import dev.warden.web.internal.audit.AuditLog;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the console's buttons do. Each action answers with a {@link Notice} for the page and
 * writes one audit line; refusals are values here, never exceptions.
 */
final class ConsoleActions {

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleActions.class);

    private final ConsoleServices services;

    ConsoleActions(ConsoleServices services) {
        this.services = services;
    }

    /** Installs the uploaded package exactly as the REST API would: origin {@code upload}, so the signature policy applies. */
    Notice upload(HttpServletRequest req, String who, long maxBytes) {
        Map<String, Object> what = new LinkedHashMap<>();
        Notice refusal = null;
        byte[] zip = null;
        PluginRegistry registry = services.registry();
        if (registry == null) {
            refusal = Notice.error("service_unavailable", null, "the plugin registry is not available");
        } else {
            try {
                Part part = req.getPart(WardenConsolePlugin.UPLOAD_FIELD);
                if (part == null || part.getSize() == 0) {
                    refusal = Notice.error("bad_request", WardenConsolePlugin.UPLOAD_FIELD, "choose a package file to upload");
                } else {
                    what.put("file", part.getSubmittedFileName());
                    what.put("bytes", part.getSize());
                    zip = read(part, maxBytes);
                    if (zip == null) {
                        refusal = Notice.error("too_large", WardenConsolePlugin.UPLOAD_FIELD,
                                "the package exceeds " + maxBytes + " bytes");
                    }
                }
            } catch (ServletException | IOException | IllegalStateException e) {
                refusal = Notice.error("bad_request", WardenConsolePlugin.UPLOAD_FIELD,
                        "send the package as multipart/form-data (" + e.getMessage() + ")");
            }
        }
        if (refusal != null) {
            return refused(req, who, "plugin.upload", what, refusal);
        }
        try {
            PluginInfo info = registry.install(new ByteArrayInputStream(zip), "upload");
            what.put("plugin_id", info.id());
            what.put("version", info.version());
            what.put("sha256", info.sha256());
            what.put("signer", info.signer());
            audit(AuditEvent.ok(who, req.getRemoteAddr(), "plugin.upload", what));
            return Notice.ok("Installed plugin " + info.id() + " version " + info.version()
                    + (info.signer() == null ? " (unsigned)" : " signed by " + info.signer()) + ".");
        } catch (InvalidPluginException e) {
            return refused(req, who, "plugin.upload", what,
                    Notice.error(e.code() == null ? "invalid_package" : e.code(), e.field(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Console upload failed", e);
            return refused(req, who, "plugin.upload", what,
                    Notice.error("internal_error", null, "the upload failed inside the agent; see the agent log"));
        }
    }

    /**
     * Stores a copy of the assignment with {@code enabled} set. Enabling is checked against the plugin
     * first; disabling is not held to it, so an assignment whose plugin went away can still be stopped.
     */
    Notice setEnabled(HttpServletRequest req, String who, String id, boolean enabled) {
        String action = enabled ? "assignment.enable" : "assignment.disable";
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("assignment_id", id);
        AssignmentStore store = services.store();
        if (store == null) {
            return refused(req, who, action, what, Notice.error("service_unavailable", null, "the assignment store is not available"));
        }
        Optional<Assignment> current;
        try {
            current = store.assignments().stream().filter(a -> a.id().equals(id)).findFirst();
        } catch (RuntimeException e) {
            LOG.error("Reading the assignment store failed", e);
            return refused(req, who, action, what, Notice.error("internal_error", null, "the assignment store failed; see the agent log"));
        }
        if (current.isEmpty()) {
            return refused(req, who, action, what, Notice.error("not_found", "id", "assignment " + id
                    + " is not in the writable assignment store (it may come from another source)"));
        }
        Assignment a = current.get();
        Assignment wanted = new Assignment(a.id(), a.pluginId(), a.pluginVersion(), a.intervalMs(), a.timeoutMs(), a.params(),
                a.grants(), a.thresholds(), enabled, a.source());
        what.put("plugin_id", a.pluginId());
        what.put("plugin_version", a.pluginVersion());
        what.put("grants", a.grants());
        PluginRegistry registry = services.registry();
        try {
            if (registry != null) {
                validate(registry, wanted, enabled);
            } else if (enabled) {
                return refused(req, who, action, what,
                        Notice.error("service_unavailable", null, "the plugin registry is not available to check the assignment"));
            }
            store.put(wanted);
        } catch (InvalidAssignmentException e) {
            return refused(req, who, action, what, Notice.error("invalid_assignment", e.field(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Console {} of {} failed", action, id, e);
            return refused(req, who, action, what, Notice.error("internal_error", null, "storing the assignment failed; see the agent log"));
        }
        audit(AuditEvent.ok(who, req.getRemoteAddr(), action, what));
        return Notice.ok("Assignment " + id + (enabled ? " enabled." : " disabled."));
    }

    private static void validate(PluginRegistry registry, Assignment wanted, boolean enabling) throws InvalidAssignmentException {
        try {
            registry.validateAssignment(wanted);
        } catch (InvalidAssignmentException e) {
            if (enabling) {
                throw e;
            }
            LOG.info("Disabling assignment {} although it no longer validates: {}", wanted.id(), e.getMessage());
        }
    }

    Notice run(HttpServletRequest req, String who, String id) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("assignment_id", id);
        AssignmentRunner runner = services.runner();
        if (runner == null) {
            return refused(req, who, "assignment.run", what, Notice.error("service_unavailable", null, "the scheduler is not available"));
        }
        Optional<CheckResult> result;
        try {
            result = runner.runNow(id);
        } catch (RuntimeException e) {
            LOG.error("Console run of {} failed", id, e);
            return refused(req, who, "assignment.run", what, Notice.error("internal_error", null, "the run failed; see the agent log"));
        }
        if (result.isEmpty()) {
            return refused(req, who, "assignment.run", what, Notice.error("not_found", "id", "no assignment " + id));
        }
        CheckResult r = result.get();
        what.put("result_id", r.id());
        what.put("status", r.status());
        audit(AuditEvent.ok(who, req.getRemoteAddr(), "assignment.run", what));
        return Notice.ok("Ran " + id + ": " + r.status() + (r.summary() == null ? "" : " \u2013 " + r.summary()));
    }

    /** A POST refused before it was looked at (CSRF, origin): audited, and nothing else happens. */
    void forbidden(HttpServletRequest req, String who, String action, String code) {
        audit(AuditEvent.refused(who, req.getRemoteAddr(), action, Map.of("path", String.valueOf(req.getPathInfo())), code));
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

    /** The part's bytes, or null when they exceed {@code maxBytes} (counted as they arrive, whatever the part claims). */
    private static byte[] read(Part part, long maxBytes) throws IOException {
        if (part.getSize() > maxBytes) {
            return null;
        }
        try (InputStream in = part.getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(part.getSize(), 8192), maxBytes));
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buf)) != -1) {
                total += n;
                if (total > maxBytes) {
                    return null;
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        }
    }
}
