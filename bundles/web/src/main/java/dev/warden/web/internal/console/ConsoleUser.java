package dev.warden.web.internal.console;

import jakarta.servlet.http.HttpServletRequest;
import org.apache.felix.webconsole.servlet.User;

/** The name of the console user behind a request, as the audit log and the CSRF token know it. */
final class ConsoleUser {

    /** When the console let the request in without naming anyone (it never should). */
    static final String UNKNOWN = "console";

    private ConsoleUser() {
    }

    static String of(HttpServletRequest req) {
        String remote = req.getRemoteUser();
        if (remote != null && !remote.isBlank()) {
            return remote;
        }
        // the console stores the security provider's answer here (ours is the user name)
        if (req.getAttribute(User.USER_ATTRIBUTE) instanceof User user && user.getUserObject() != null) {
            return user.getUserObject().toString();
        }
        return UNKNOWN;
    }
}
