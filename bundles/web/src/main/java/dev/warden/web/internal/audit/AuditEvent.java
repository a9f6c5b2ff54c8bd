package dev.warden.web.internal.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One admin action as the audit log records it.
 *
 * @param who the console user, or {@link #API_TOKEN} for the REST API
 * @param remote the client's address
 * @param action for example {@code plugin.upload} or {@code assignment.put}
 * @param what the ids, versions, digests and grants the action touched (never secret params)
 * @param outcome {@link #OK} or {@link #REFUSED}
 * @param code the refusal's reason code, or null when the action went through
 */
public record AuditEvent(String who, String remote, String action, Map<String, Object> what, String outcome,
        String code) {

    public static final String OK = "ok";
    public static final String REFUSED = "refused";
    public static final String API_TOKEN = "api-token";

    public AuditEvent {
        // insertion order kept: the log reads id, version, digest in the order the caller gave them
        what = what == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(what));
    }

    public static AuditEvent ok(String who, String remote, String action, Map<String, Object> what) {
        return new AuditEvent(who, remote, action, what, OK, null);
    }

    public static AuditEvent refused(String who, String remote, String action, Map<String, Object> what, String code) {
        return new AuditEvent(who, remote, action, what, REFUSED, code == null ? "refused" : code);
    }
}
