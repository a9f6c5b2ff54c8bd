package dev.warden.web.internal;

import dev.warden.api.dto.FleetTarget;
import java.util.regex.Pattern;

/** Fleet targets from request input: every mistake is a 400 {@code invalid_target}. */
final class FleetTargets {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private FleetTargets() {
    }

    static FleetTarget of(String agent, String label) {
        try {
            return new FleetTarget(agent, label);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
    }

    static boolean isToken(String value) {
        return TOKEN.matcher(value).matches();
    }

    static ApiException invalid(String message) {
        return new ApiException(400, "invalid_target", message);
    }
}
