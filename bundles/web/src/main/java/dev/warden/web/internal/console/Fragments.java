package dev.warden.web.internal.console;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.Status;
import java.util.Locale;

/** Pieces shared by the Warden pages. Every value from a plugin or a user passes through {@link Html}. */
final class Fragments {

    private Fragments() {
    }

    static String badge(Status status) {
        String name = status == null ? "none" : status.name();
        return "<span class=\"warden-badge warden-" + Html.attr(name.toLowerCase(Locale.ROOT)) + "\">" + Html.text(name)
                + "</span>";
    }

    static String notice(Notice notice) {
        if (notice == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        out.append("<div id=\"warden-notice\" class=\"warden-notice ").append(notice.ok() ? "warden-notice-ok" : "warden-notice-error")
                .append("\" role=\"status\">");
        if (notice.code() != null) {
            out.append("<span class=\"warden-code\">").append(Html.text(notice.code())).append("</span> ");
        }
        if (notice.field() != null) {
            out.append("<span class=\"warden-field\">").append(Html.text(notice.field())).append("</span>: ");
        }
        out.append("<span class=\"warden-message\">").append(Html.text(notice.message())).append("</span></div>\n");
        return out.toString();
    }

    /** A POST form of one button; {@code from} says which page to come back to. */
    static String actionButton(String pluginRoot, String assignmentId, String action, String label, String token,
            String from) {
        return "<form class=\"warden-inline\" method=\"post\" action=\"" + Html.attr(pluginRoot + "/assignment/"
                + Html.uri(assignmentId) + "/" + action) + "\">"
                + hiddenToken(token)
                + "<input type=\"hidden\" name=\"from\" value=\"" + Html.attr(from) + "\"/>"
                + "<button type=\"submit\" class=\"ui-button warden-" + Html.attr(action) + "\" name=\"action\" value=\""
                + Html.attr(action) + "\">" + Html.text(label) + "</button></form>";
    }

    static String actions(String pluginRoot, Assignment a, String token, String from) {
        return (a.enabled()
                ? actionButton(pluginRoot, a.id(), "disable", "Disable", token, from)
                : actionButton(pluginRoot, a.id(), "enable", "Enable", token, from))
                + " " + actionButton(pluginRoot, a.id(), "run", "Run now", token, from);
    }

    static String hiddenToken(String token) {
        return "<input type=\"hidden\" name=\"" + CsrfGuard.FIELD + "\" value=\"" + Html.attr(token) + "\"/>";
    }

    /**
     * Link to one assignment's results. Ids may hold dots, and the console serves a path whose last
     * segment has a dot as a bare resource without its page frame, so those get a trailing slash.
     */
    static String assignmentHref(String pluginRoot, String id) {
        return pluginRoot + "/assignment/" + Html.uri(id) + (id.indexOf('.') >= 0 ? "/" : "");
    }

    static String configLink(String appRoot, String pid) {
        if (pid == null) {
            return "<span class=\"warden-muted\">not in ConfigAdmin</span>";
        }
        return "<a class=\"warden-config\" href=\"" + Html.attr(appRoot + "/configMgr/" + Html.uri(pid)) + "\">Edit configuration</a>";
    }

    static String interval(long ms) {
        if (ms > 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + " h";
        }
        if (ms > 0 && ms % 60_000 == 0) {
            return ms / 60_000 + " min";
        }
        if (ms > 0 && ms % 1_000 == 0) {
            return ms / 1_000 + " s";
        }
        return ms + " ms";
    }

    static String backoff(AssignmentStats stats) {
        if (stats == null) {
            return "<span class=\"warden-muted\">&#8212;</span>";
        }
        if (stats.backoffUntil() != null) {
            return "<span class=\"warden-backoff\">backing off until " + Html.text(stats.backoffUntil()) + " ("
                    + stats.consecutiveFailures() + " failures in a row)</span>";
        }
        if (stats.consecutiveFailures() > 0) {
            return Html.text(stats.consecutiveFailures() + " failures in a row");
        }
        return "<span class=\"warden-muted\">none</span>";
    }

    static String shortSha(String sha256) {
        return sha256 == null ? "" : sha256.substring(0, Math.min(12, sha256.length()));
    }

    static String orDash(Object value) {
        return value == null || value.toString().isEmpty() ? "<span class=\"warden-muted\">&#8212;</span>" : Html.text(value);
    }
}
