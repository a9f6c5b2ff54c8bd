package dev.warden.web.internal.console;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.FleetAgent;
import dev.warden.api.dto.FleetAssignment;
import dev.warden.api.dto.FleetTarget;
import java.util.List;

/**
 * {@code /system/console/warden/fleet}: the agents of the fleet, its assignments by target with a
 * form to put or delete one, a package publish form and the newest results, filtered by agent and
 * assignment. Params are not shown (they may hold secrets).
 */
final class FleetPage {

    /** How many results the page shows. */
    static final int RESULTS = 50;

    /**
     * @param available false when this agent is not a fleet operator (the page then only says so)
     * @param problems what could not be read from the broker right now, one line each
     */
    record Model(String pluginRoot, String token, Notice notice, boolean available, List<String> problems,
            List<FleetAgent> agents, List<FleetAssignment> assignments, List<CheckResult> results, String agentFilter,
            String assignmentFilter) {
    }

    private FleetPage() {
    }

    static String render(Model m) {
        StringBuilder out = new StringBuilder(16384);
        out.append("<div id=\"warden\" class=\"warden\">\n");
        out.append("<p><a href=\"").append(Html.attr(m.pluginRoot())).append("\">&#8592; This agent's plugins and assignments</a></p>\n");
        out.append(Fragments.notice(m.notice()));
        out.append("<h2 class=\"warden-title\">Fleet</h2>\n");
        if (!m.available()) {
            out.append("<p class=\"warden-empty\" id=\"warden-no-fleet\">This agent is not a fleet operator: no fleet is ")
                    .append("configured (PID dev.warden.fleet) or it is not connected yet.</p>\n</div>\n");
            return out.toString();
        }
        for (String problem : m.problems()) {
            out.append("<div class=\"warden-notice warden-notice-error warden-fleet-problem\">")
                    .append(Html.text(problem)).append("</div>\n");
        }
        agents(out, m);
        assignments(out, m);
        putForm(out, m);
        publishForm(out, m);
        results(out, m);
        out.append("</div>\n");
        return out.toString();
    }

    private static void agents(StringBuilder out, Model m) {
        out.append("<h3>Agents</h3>\n");
        if (m.agents().isEmpty()) {
            out.append("<p class=\"warden-empty\" id=\"warden-no-agents\">No agent has reported itself.</p>\n");
            return;
        }
        out.append("<table id=\"warden-fleet-agents\" class=\"nicetable warden-table\"><thead><tr>")
                .append("<th>Agent</th><th>Last seen</th><th>Version</th><th>Labels</th><th>Configuration revision</th>")
                .append("<th>Capabilities</th><th>Results not yet published</th><th>Problems</th></tr></thead><tbody>\n");
        for (FleetAgent a : m.agents()) {
            out.append("<tr class=\"warden-fleet-agent\" data-agent=\"").append(Html.attr(a.agentId())).append("\">")
                    .append("<td>").append(Html.text(a.agentId())).append("</td>")
                    .append("<td>").append(Fragments.orDash(a.lastSeen())).append("</td>")
                    .append("<td>").append(Fragments.orDash(a.version())).append("</td>")
                    .append("<td>").append(Fragments.orDash(String.join(", ", a.labels()))).append("</td>")
                    .append("<td>").append(a.configRevision()).append("</td>")
                    .append("<td>").append(Fragments.orDash(String.join(", ", a.capabilities()))).append("</td>")
                    .append("<td class=\"warden-backlog\">").append(a.resultBacklog() < 0 ? "-" : Long.toString(a.resultBacklog()))
                    .append(a.resultsSkipped() > 0 ? " (" + a.resultsSkipped() + " lost to journal retention)" : "")
                    .append("</td>")
                    .append("<td class=\"warden-refused\">");
            if (a.refusedPackages().isEmpty() && a.rejectedAssignments().isEmpty() && a.assignmentsError() == null) {
                out.append("<span class=\"warden-muted\">none</span>");
            } else {
                for (String r : a.refusedPackages()) {
                    out.append("<div class=\"warden-backoff\">package ").append(Html.text(r)).append("</div>");
                }
                for (String r : a.rejectedAssignments()) {
                    out.append("<div class=\"warden-backoff\">assignment ").append(Html.text(r)).append("</div>");
                }
                if (a.assignmentsError() != null) {
                    out.append("<div class=\"warden-backoff\">not receiving assignments: ")
                            .append(Html.text(a.assignmentsError())).append("</div>");
                }
            }
            out.append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static void assignments(StringBuilder out, Model m) {
        out.append("<h3>Fleet assignments</h3>\n");
        if (m.assignments().isEmpty()) {
            out.append("<p class=\"warden-empty\" id=\"warden-no-fleet-assignments\">No fleet assignments.</p>\n");
            return;
        }
        out.append("<table id=\"warden-fleet-assignments\" class=\"nicetable warden-table\"><thead><tr>")
                .append("<th>Target</th><th>Assignment</th><th>Plugin</th><th>Interval</th><th>Enabled</th>")
                .append("<th>Revision</th><th>Actions</th></tr></thead><tbody>\n");
        for (FleetAssignment f : m.assignments()) {
            Assignment a = f.assignment();
            out.append("<tr class=\"warden-fleet-assignment\" data-target=\"").append(Html.attr(f.target().keyPrefix()))
                    .append("\" data-assignment=\"").append(Html.attr(a.id())).append("\">")
                    .append("<td>").append(Html.text(f.target().toString())).append("</td>")
                    .append("<td>").append(Html.text(a.id())).append("</td>")
                    .append("<td>").append(Html.text(a.pluginId()))
                    .append(a.pluginVersion() == null ? " <span class=\"warden-muted\">(newest published)</span>"
                            : " " + Html.text(a.pluginVersion())).append("</td>")
                    .append("<td>").append(Html.text(Fragments.interval(a.intervalMs()))).append("</td>")
                    .append("<td>").append(a.enabled() ? "yes" : "no").append("</td>")
                    .append("<td>").append(f.revision()).append("</td>")
                    .append("<td>").append(deleteButton(m, f.target(), a.id())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static String deleteButton(Model m, FleetTarget target, String id) {
        boolean agent = target.agent() != null;
        return "<form class=\"warden-inline\" method=\"post\" action=\"" + Html.attr(m.pluginRoot() + "/fleet/assignment/delete")
                + "\">" + Fragments.hiddenToken(m.token())
                + hidden(FleetActions.ID, id)
                + hidden(FleetActions.TARGET_KIND, agent ? "agent" : "label")
                + hidden(FleetActions.TARGET, agent ? target.agent() : target.label())
                + "<button type=\"submit\" class=\"ui-button warden-fleet-delete\">Delete</button></form>";
    }

    private static void putForm(StringBuilder out, Model m) {
        out.append("<h3>Put a fleet assignment</h3>\n")
                .append("<form id=\"warden-fleet-put\" method=\"post\" action=\"")
                .append(Html.attr(m.pluginRoot() + "/fleet/assignment")).append("\">")
                .append(Fragments.hiddenToken(m.token()))
                .append("<table class=\"nicetable warden-table warden-facts\"><tbody>")
                .append(row("Assignment id", "<input type=\"text\" name=\"" + FleetActions.ID
                        + "\" required=\"required\" maxlength=\"128\"/>"))
                .append(row("Target", "<select name=\"" + FleetActions.TARGET_KIND + "\"><option value=\"label\">label</option>"
                        + "<option value=\"agent\">agent</option></select> <input type=\"text\" name=\"" + FleetActions.TARGET
                        + "\" required=\"required\"/>"))
                .append(row("Plugin id", "<input type=\"text\" name=\"" + FleetActions.PLUGIN_ID + "\" required=\"required\"/>"))
                .append(row("Plugin version", "<input type=\"text\" name=\"" + FleetActions.PLUGIN_VERSION
                        + "\" placeholder=\"newest published\"/>"))
                .append(row("Interval (ms)", "<input type=\"number\" name=\"" + FleetActions.INTERVAL_MS
                        + "\" value=\"60000\" min=\"1\"/>"))
                .append(row("Params (JSON object)", "<textarea name=\"" + FleetActions.PARAMS
                        + "\" rows=\"4\" cols=\"60\">{}</textarea>"))
                .append(row("Enabled", "<input type=\"checkbox\" name=\"" + FleetActions.ENABLED
                        + "\" value=\"true\" checked=\"checked\"/>"))
                .append("</tbody></table>")
                .append("<button type=\"submit\" id=\"warden-fleet-put-submit\" class=\"ui-button\">Put assignment</button>")
                .append("<p class=\"warden-muted\">Validated against the published package; grants and thresholds: ")
                .append("PUT /api/v1/fleet/assignments/{id}.</p></form>\n");
    }

    private static void publishForm(StringBuilder out, Model m) {
        out.append("<h3>Publish a package to the fleet</h3>\n")
                .append("<form id=\"warden-fleet-publish\" method=\"post\" enctype=\"multipart/form-data\" action=\"")
                .append(Html.attr(m.pluginRoot() + "/fleet/publish")).append("\">")
                .append(Fragments.hiddenToken(m.token()))
                .append("<input type=\"file\" name=\"").append(WardenConsolePlugin.UPLOAD_FIELD)
                .append("\" accept=\".zip,application/zip\" required=\"required\"/> ")
                .append("<button type=\"submit\" id=\"warden-fleet-publish-submit\" class=\"ui-button\">Publish</button>")
                .append("<p class=\"warden-muted\">Checked like an upload (signature policy included), then stored by its SHA-256.</p>")
                .append("</form>\n");
    }

    private static void results(StringBuilder out, Model m) {
        out.append("<h3>Newest fleet results</h3>\n")
                .append("<form id=\"warden-fleet-filter\" method=\"get\" action=\"")
                .append(Html.attr(m.pluginRoot() + "/fleet")).append("\">")
                .append("Agent <input type=\"text\" name=\"agent\" value=\"").append(Html.attr(m.agentFilter())).append("\"/> ")
                .append("Assignment <input type=\"text\" name=\"assignment\" value=\"").append(Html.attr(m.assignmentFilter()))
                .append("\"/> <button type=\"submit\" class=\"ui-button\">Filter</button></form>\n");
        if (m.results().isEmpty()) {
            out.append("<p class=\"warden-empty\" id=\"warden-no-fleet-results\">No results.</p>\n");
            return;
        }
        out.append("<table id=\"warden-fleet-results\" class=\"nicetable warden-table\"><thead><tr>")
                .append("<th>Observed</th><th>Agent</th><th>Assignment</th><th>Status</th><th>Summary</th><th>Plugin</th>")
                .append("</tr></thead><tbody>\n");
        for (CheckResult r : m.results()) {
            out.append("<tr class=\"warden-fleet-result\">")
                    .append("<td>").append(Html.text(r.observedAt())).append("</td>")
                    .append("<td>").append(Fragments.orDash(r.agentId())).append("</td>")
                    .append("<td>").append(Fragments.orDash(r.assignmentId())).append("</td>")
                    .append("<td>").append(Fragments.badge(r.status())).append("</td>")
                    .append("<td class=\"warden-summary\">").append(Html.text(r.summary())).append("</td>")
                    .append("<td>").append(Html.text(r.pluginId())).append(' ').append(Html.text(r.pluginVersion()))
                    .append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static String row(String name, String html) {
        return "<tr><th>" + Html.text(name) + "</th><td>" + html + "</td></tr>";
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + Html.attr(name) + "\" value=\"" + Html.attr(value) + "\"/>";
    }
}
