package dev.warden.web.internal.console;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.RunStats;
import java.util.List;
import java.util.Map;

/** {@code /system/console/warden/assignment/<id>}: one assignment, its duration chart and its newest results. */
final class AssignmentPage {

    /** How many results the page shows (newest first). */
    static final int HISTORY = 50;

    record Model(String appRoot, String pluginRoot, String token, Notice notice, AssignmentRow row,
            List<CheckResult> history) {
    }

    private AssignmentPage() {
    }

    static String render(Model m) {
        Assignment a = m.row().assignment();
        StringBuilder out = new StringBuilder(16384);
        out.append("<div id=\"warden\" class=\"warden\">\n");
        out.append("<p><a href=\"").append(Html.attr(m.pluginRoot())).append("\">&#8592; All plugins and assignments</a></p>\n");
        out.append(Fragments.notice(m.notice()));
        out.append("<h2 class=\"warden-title\">Assignment <span id=\"warden-assignment-id\">").append(Html.text(a.id()))
                .append("</span> ").append(Fragments.badge(m.row().status())).append("</h2>\n");
        out.append("<table class=\"nicetable warden-table warden-facts\"><tbody>")
                .append(fact("Plugin", Html.text(a.pluginId()) + " " + (a.pluginVersion() == null
                        ? "<span class=\"warden-muted\">(newest installed)</span>" : Html.text(a.pluginVersion()))))
                .append(fact("Interval", Html.text(Fragments.interval(a.intervalMs()))))
                .append(fact("Enabled", a.enabled() ? "yes" : "no"))
                .append(fact("Backoff", Fragments.backoff(m.row().stats())))
                .append(fact("Runs since start", m.row().stats() == null ? Fragments.orDash(null)
                        : Html.text(m.row().stats().runs() + " (" + m.row().stats().ok() + " ok, " + m.row().stats().warning()
                                + " warning, " + m.row().stats().critical() + " critical, " + m.row().stats().unknown() + " unknown)")))
                .append(fact("Configuration", Fragments.configLink(m.appRoot(), m.row().configPid())))
                .append(fact("Actions", Fragments.actions(m.pluginRoot(), a, m.token(), "assignment")))
                .append("</tbody></table>\n");
        out.append("<h3>Run duration</h3>\n").append(DurationChart.svg(m.history())).append('\n');
        history(out, m.history());
        out.append("</div>\n");
        return out.toString();
    }

    private static String fact(String name, String valueHtml) {
        return "<tr><th>" + Html.text(name) + "</th><td>" + valueHtml + "</td></tr>";
    }

    private static void history(StringBuilder out, List<CheckResult> history) {
        out.append("<h3>Newest results</h3>\n");
        if (history.isEmpty()) {
            out.append("<p class=\"warden-empty\" id=\"warden-no-results\">No results stored yet.</p>\n");
            return;
        }
        out.append("<table id=\"warden-history\" class=\"nicetable warden-table\"><thead><tr>")
                .append("<th>Observed</th><th>Status</th><th>Summary</th><th>Duration ms</th><th>CPU ms</th>")
                .append("<th>Memory peak</th><th>Host calls</th><th>Egress bytes</th><th>Abnormal end</th>")
                .append("<th>Labels</th><th>Version</th></tr></thead><tbody>\n");
        for (CheckResult r : history) {
            RunStats s = r.stats();
            out.append("<tr class=\"warden-result\">")
                    .append("<td>").append(Html.text(r.observedAt())).append("</td>")
                    .append("<td>").append(Fragments.badge(r.status())).append("</td>")
                    .append("<td class=\"warden-summary\">").append(Html.text(r.summary())).append("</td>")
                    .append("<td>").append(s == null ? "" : s.wallMs()).append("</td>")
                    .append("<td>").append(s == null ? "" : s.cpuMs()).append("</td>")
                    .append("<td>").append(s == null ? "" : s.memoryPeakBytes()).append("</td>")
                    .append("<td>").append(s == null ? "" : s.hostCalls()).append("</td>")
                    .append("<td>").append(s == null ? "" : s.egressBytes()).append("</td>")
                    .append("<td>").append(s == null ? "" : Fragments.orDash(s.abnormalEnd())).append("</td>")
                    .append("<td class=\"warden-labels\">").append(labels(r.labels())).append("</td>")
                    .append("<td>").append(Html.text(r.pluginVersion())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    private static String labels(Map<String, String> labels) {
        StringBuilder out = new StringBuilder();
        labels.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> out.append("<code>")
                .append(Html.text(e.getKey())).append('=').append(Html.text(e.getValue())).append("</code> "));
        return out.toString();
    }
}
