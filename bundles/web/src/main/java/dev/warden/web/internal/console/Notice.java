package dev.warden.web.internal.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * The outcome of a console action, shown once on the page the browser is sent to afterwards
 * (post/redirect/get). Kept in the session, so no message text ever travels in a URL.
 *
 * @param code the refusal's reason code (for example {@code invalid_manifest}), or null on success
 * @param field what the refusal is about (for example {@code plugin.yaml}), or null
 */
record Notice(boolean ok, String message, String code, String field) {

    static final String ATTRIBUTE = Notice.class.getName();

    static Notice ok(String message) {
        return new Notice(true, message, null, null);
    }

    static Notice error(String code, String field, String message) {
        return new Notice(false, message, code, field);
    }

    void keep(HttpServletRequest req) {
        try {
            req.getSession(true).setAttribute(ATTRIBUTE, this);
        } catch (IllegalStateException e) {
            // no session (the response is committed): the action happened, only its message is lost
        }
    }

    static Notice take(HttpServletRequest req) {
        HttpSession session = req.getSession(false);
        if (session == null) {
            return null;
        }
        try {
            Object notice = session.getAttribute(ATTRIBUTE);
            session.removeAttribute(ATTRIBUTE);
            return notice instanceof Notice n ? n : null;
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }
}
