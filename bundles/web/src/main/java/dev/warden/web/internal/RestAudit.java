package dev.warden.web.internal;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.PluginInfo;
import dev.warden.web.internal.audit.AuditEvent;
import dev.warden.web.internal.audit.AuditLog;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the REST API's admin actions to the audit log; the caller is whoever holds the API token. */
final class RestAudit {

    private RestAudit() {
    }

    static void ok(ApiServices services, HttpServletRequest req, String action, Map<String, Object> what) {
        AuditLog log = services.audit();
        if (log != null) {
            log.record(AuditEvent.ok(AuditEvent.API_TOKEN, req.getRemoteAddr(), action, what));
        }
    }

    /** Records a refusal: an API error keeps its code, anything else counts as {@code internal_error}. */
    static void refused(ApiServices services, HttpServletRequest req, String action, Map<String, Object> what,
            RuntimeException e) {
        AuditLog log = services.audit();
        if (log != null) {
            String code = e instanceof ApiException api ? api.code() : "internal_error";
            log.record(AuditEvent.refused(AuditEvent.API_TOKEN, req.getRemoteAddr(), action, what, code));
        }
    }

    static Map<String, Object> plugin(PluginInfo info) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("plugin_id", info.id());
        what.put("version", info.version());
        what.put("sha256", info.sha256());
        what.put("signer", info.signer());
        what.put("origin", info.origin());
        return what;
    }

    static Map<String, Object> plugin(String id, String version) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("plugin_id", id);
        what.put("version", version);
        return what;
    }

    /** The assignment's identity, schedule and grants; params stay out (they may hold secrets). */
    static Map<String, Object> assignment(Assignment a) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("assignment_id", a.id());
        what.put("plugin_id", a.pluginId());
        what.put("plugin_version", a.pluginVersion());
        what.put("interval_ms", a.intervalMs());
        what.put("enabled", a.enabled());
        what.put("grants", a.grants());
        return what;
    }

    static Map<String, Object> assignment(String id) {
        Map<String, Object> what = new LinkedHashMap<>();
        what.put("assignment_id", id);
        return what;
    }
}
