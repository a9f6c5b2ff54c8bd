package dev.warden.web.internal.console;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginInfo;
import java.util.List;

/** {@code /system/console/warden}: installed plugins, the upload form and every assignment. */
final class OverviewPage {

    /**
     * @param unavailable names of the services that are missing right now (shown as a warning)
     * @param fleet whether this agent is a fleet operator (then the page links to the fleet page)
     */
    record Model(String appRoot, String pluginRoot, String token, Notice notice, List<PluginInfo> plugins,
            List<AssignmentRow> assignments, List<String> unavailable, boolean fleet) {
    }

    private OverviewPage() {
    }

    static String render(Model m) {
        StringBuilder out = new StringBuilder(8192);
        out.append("<div id=\"warden\" class=\"warden\">\n");
        out.append(Fragments.notice(m.notice()));
        if (!m.unavailable().isEmpty()) {
            out.append("<div class=\"warden-notice warden-notice-error\">Not available right now: ")
                    .append(Html.text(String.join(", ", m.unavailable()))).append("</div>\n");
        }
        if (m.fleet()) {
            out.append("<p id=\"warden-fleet-link\"><a href=\"").append(Html.attr(m.pluginRoot() + "/fleet"))
                    .append("\">Fleet: agents, fleet assignments, packages and results &#8594;</a></p>\n");
        }
        plugins(out, m);
        upload(out, m);
        assignments(out, m);
        out.append("</div>\n");
        return out.toString();
    }

    private static void plugins(StringBuilder out, Model m) {
        out.append("<h2 class=\"warden-title\">Plugins</h2>\n");
        if (m.plugins().isEmpty()) {
            out.append("<p class=\"warden-empty\" id=\"warden-no-plugins\">No plugins installed.</p>\n");
            return;
        }
        out.append("<table id=\"warden-plugins\" class=\"nicetable warden-table\"><thead><tr>")
                .append("<th>Plugin</th><th>Name</th><th>Version</th><th>SHA-256</th><th>Signer</th><th>Origin</th>")
                .append("<th>Requested capabilities</th><th>Requested network</th><th>Installed</th></tr></thead><tbody>\n");
        for (PluginInfo p : m.plugins()) {
            var perms = p.manifest().permissions();
            out.append("<tr class=\"warden-plugin\" data-plugin=\"").append(Html.attr(p.id())).append("\" data-version=\"")
                    .append(Html.attr(p.version())).append("\">")
                    .append("<td class=\"warden-plugin-id\">").append(Html.text(p.id())).append("</td>")
                    .append("<td>").append(Fragments.orDash(p.manifest().name())).append("</td>")
                    .append("<td>").append(Html.text(p.version())).append("</td>")
                    .append("<td><code title=\"").append(Html.attr(p.sha256())).append("\">")
                    .append(Html.text(Fragments.shortSha(p.sha256()))).append("</code></td>")
                    .append("<td>").append(p.signer() == null ? "<span class=\"warden-muted\">unsigned</span>" : Html.text(p.signer()))
                    .append("</td>")
                    .append("<td>").append(Html.text(p.origin())).append("</td>")
                    .append("<td>").append(Fragments.orDash(String.join(", ", p.manifest().capabilities()))).append("</td>")
                    .append("<td>").append(Fragments.orDash(network(perms))).append("</td>")
                    .append("<td>").append(Html.text(p.installedAt())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }

    static String network(dev.warden.api.dto.Permissions perms) {
        StringBuilder s = new StringBuilder();
        if (!perms.allowedDomains().isEmpty()) {
            s.append("domains ").append(String.join(", ", perms.allowedDomains()));
        }
        if (!perms.allowedNetworks().isEmpty()) {
            s.append(s.isEmpty() ? "" : "; ").append("networks ").append(String.join(", ", perms.allowedNetworks()));
        }
        if (!perms.allowedPorts().isEmpty()) {
            s.append(s.isEmpty() ? "" : "; ").append("ports ")
                    .append(String.join(", ", perms.allowedPorts().stream().map(String::valueOf).toList()));
        }
        if (Boolean.TRUE.equals(perms.tlsInsecure())) {
            s.append(s.isEmpty() ? "" : "; ").append("insecure TLS");
        }
        return s.toString();
    }

    private static void upload(StringBuilder out, Model m) {
        out.append("<h2 class=\"warden-title\">Upload a plugin package</h2>\n")
                .append("<form id=\"warden-upload\" method=\"post\" enctype=\"multipart/form-data\" action=\"")
                .append(Html.attr(m.pluginRoot() + "/upload")).append("\">")
                .append(Fragments.hiddenToken(m.token()))
                .append("<input type=\"file\" id=\"warden-package\" name=\"").append(WardenConsolePlugin.UPLOAD_FIELD)
                .append("\" accept=\".zip,application/zip\" required=\"required\"/> ")
                .append("<button type=\"submit\" id=\"warden-upload-submit\" class=\"ui-button\">Upload</button>")
                .append("<p class=\"warden-muted\">A zip with plugin.yaml and plugin.wasm; the agent's signature policy applies.</p>")
                .append("</form>\n");
    }

    private static void assignments(StringBuilder out, Model m) {
        out.append("<h2 class=\"warden-title\">Assignments</h2>\n");
        if (m.assignments().isEmpty()) {
            out.append("<p class=\"warden-empty\" id=\"warden-no-assignments\">No assignments. Create one in the ")
                    .append("<a href=\"").append(Html.attr(m.appRoot() + "/configMgr")).append("\">configuration</a>")
                    .append(" (factory &#8220;Warden assignment&#8221;) or with PUT /api/v1/assignments/{id}.</p>\n");
            return;
        }
        out.append("<table id=\"warden-assignments\" class=\"nicetable warden-table\"><thead><tr>")
                .append("<th>Assignment</th><th>Plugin</th><th>Status</th><th>Last result</th><th>Last run</th>")
                .append("<th>Interval</th><th>Enabled</th><th>Backoff</th><th>Actions</th><th>Configuration</th></tr></thead><tbody>\n");
        for (AssignmentRow row : m.assignments()) {
            Assignment a = row.assignment();
            CheckResult last = row.last();
            String lastRun = row.stats() != null && row.stats().lastRunAt() != null ? row.stats().lastRunAt()
                    : last == null ? null : last.observedAt();
            out.append("<tr class=\"warden-assignment\" data-assignment=\"").append(Html.attr(a.id())).append("\">")
                    .append("<td><a class=\"warden-results-link\" href=\"")
                    .append(Html.attr(Fragments.assignmentHref(m.pluginRoot(), a.id()))).append("\">")
                    .append(Html.text(a.id())).append("</a></td>")
                    .append("<td>").append(Html.text(a.pluginId()))
                    .append(a.pluginVersion() == null ? "" : " " + Html.text(a.pluginVersion())).append("</td>")
                    .append("<td class=\"warden-status\">").append(Fragments.badge(row.status())).append("</td>")
                    .append("<td class=\"warden-summary\">").append(last == null ? Fragments.orDash(null) : Html.text(last.summary()))
                    .append("</td>")
                    .append("<td>").append(Fragments.orDash(lastRun)).append("</td>")
                    .append("<td>").append(Html.text(Fragments.interval(a.intervalMs()))).append("</td>")
                    .append("<td class=\"warden-enabled\">").append(a.enabled() ? "yes" : "no").append("</td>")
                    .append("<td>").append(Fragments.backoff(row.stats())).append("</td>")
                    .append("<td>").append(Fragments.actions(m.pluginRoot(), a, m.token(), "overview")).append("</td>")
                    .append("<td>").append(Fragments.configLink(m.appRoot(), row.configPid())).append("</td></tr>\n");
        }
        out.append("</tbody></table>\n");
    }
}
