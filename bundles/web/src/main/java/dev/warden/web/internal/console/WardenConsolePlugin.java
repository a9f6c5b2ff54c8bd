package dev.warden.web.internal.console;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.FleetOperator;
import dev.warden.api.FleetUnavailableException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.FleetAgent;
import dev.warden.api.dto.FleetAssignment;
import dev.warden.api.dto.PluginInfo;
import dev.warden.web.internal.audit.AuditLog;
import jakarta.servlet.ServletException;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.webconsole.servlet.ServletConstants;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Warden" page of the Felix Web Console, at {@code /system/console/warden}: the console
 * authenticates every request before it gets here and frames GET pages with its header and menu.
 *
 * <p>GET {@code /warden} lists plugins, the upload form and the assignments; GET
 * {@code /warden/assignment/<id>} shows one assignment's results. POST {@code /warden/upload}
 * (multipart, file field {@value #UPLOAD_FIELD}) and POST {@code /warden/assignment/<id>/enable|disable|run}
 * act, each with the hidden field {@value CsrfGuard#FIELD}, and redirect back to a page showing the outcome.
 * With a fleet operator present, GET {@code /warden/fleet} shows the fleet and POST
 * {@code /warden/fleet/publish}, {@code /warden/fleet/assignment} and
 * {@code /warden/fleet/assignment/delete} act on it (see {@link FleetActions}).
 */
@Component(service = Servlet.class, property = {
    ServletConstants.PLUGIN_LABEL + "=" + WardenConsolePlugin.LABEL,
    ServletConstants.PLUGIN_TITLE + "=Warden",
    ServletConstants.PLUGIN_CATEGORY + "=Warden",
    ServletConstants.PLUGIN_CSS_REFERENCES + "=/" + WardenConsolePlugin.LABEL + "/res/warden.css"})
public final class WardenConsolePlugin extends HttpServlet implements ConsoleServices {

    static final String LABEL = "warden";
    /** The file field of the upload form. */
    static final String UPLOAD_FIELD = "package";
    /** Hidden field of the action forms: {@code assignment} returns to the assignment's page, anything else to the overview. */
    static final String FROM_FIELD = "from";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(WardenConsolePlugin.class);
    private static final int MAX_TOKEN_BYTES = 512;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile PluginRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile AssignmentStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile AssignmentRunner runner;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile ResultStore results;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile ConfigurationAdmin configAdmin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile AuditLog audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile FleetOperator fleet;

    private final transient CsrfGuard csrf;
    private final transient ConsoleActions actions = new ConsoleActions(this);
    private final transient FleetActions fleetActions = new FleetActions(this);
    private transient volatile ConsoleCsp csp = new ConsoleCsp(null);

    public WardenConsolePlugin() {
        this(CsrfGuard.random());
    }

    WardenConsolePlugin(CsrfGuard csrf) {
        this.csrf = csrf;
    }

    @Activate
    void activate() {
        csp = ConsoleCsp.fromConsole();
    }

    /** Package-private for tests. */
    void useCsp(ConsoleCsp policy) {
        csp = policy;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            List<String> path = path(req);
            if (path.size() == 2 && path.get(0).equals("assignment") && path.get(1).indexOf('.') >= 0
                    && !req.getRequestURI().endsWith("/")) {
                // the console leaves such a path unframed; the trailing slash brings its frame back
                redirect(resp, Fragments.assignmentHref(pluginRoot(req), path.get(1)));
                return;
            }
            secureHeaders(req, resp);
            String html;
            if (path.isEmpty()) {
                html = OverviewPage.render(overview(req));
            } else if (path.size() == 1 && path.get(0).equals("fleet")) {
                html = FleetPage.render(fleetPage(req));
            } else if (path.size() == 2 && path.get(0).equals("assignment")) {
                html = assignmentPage(req, path.get(1)).orElse(null);
                if (html == null) {
                    resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
                    html = "<p id=\"warden-not-found\">No assignment " + Html.text(path.get(1)) + ". <a href=\""
                            + Html.attr(pluginRoot(req)) + "\">Back to Warden</a></p>";
                }
            } else {
                resp.setStatus(HttpServletResponse.SC_NOT_FOUND);
                html = "<p id=\"warden-not-found\">No such Warden page. <a href=\"" + Html.attr(pluginRoot(req))
                        + "\">Back to Warden</a></p>";
            }
            resp.getWriter().write(html);
        } catch (RuntimeException e) {
            LOG.error("Rendering {} failed", req.getRequestURI(), e);
            resp.getWriter().write("<p class=\"warden-notice warden-notice-error\">The Warden page failed; see the agent log.</p>");
        }
    }

    @Override
    protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        try {
            post(req, resp);
        } catch (RuntimeException e) {
            LOG.error("POST {} failed", req.getRequestURI(), e);
            plain(resp, HttpServletResponse.SC_INTERNAL_SERVER_ERROR, "The action failed; see the agent log.");
        }
    }

    private void post(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<String> path = path(req);
        String action = action(path);
        if (action == null) {
            plain(resp, HttpServletResponse.SC_NOT_FOUND, "No such Warden action.");
            return;
        }
        String who = ConsoleUser.of(req);
        if (!CsrfGuard.sameOrigin(req)) {
            actions.forbidden(req, who, action, "cross_origin");
            plain(resp, HttpServletResponse.SC_FORBIDDEN, "Refused: the request came from another site.");
            return;
        }
        if (!csrf.validToken(who, token(req))) {
            actions.forbidden(req, who, action, "csrf");
            plain(resp, HttpServletResponse.SC_FORBIDDEN,
                    "Refused: the form's " + CsrfGuard.FIELD + " is missing or wrong. Reload the page and try again.");
            return;
        }
        Notice notice;
        String back = pluginRoot(req);
        if (action.equals("plugin.upload")) {
            notice = actions.upload(req, who, UploadLimit.of(configAdmin));
        } else if (action.startsWith("fleet.")) {
            notice = switch (action) {
                case FleetActions.PUBLISH -> fleetActions.publish(req, who, UploadLimit.of(configAdmin));
                case FleetActions.PUT -> fleetActions.put(req, who);
                default -> fleetActions.delete(req, who);
            };
            back = back + "/fleet";
        } else {
            String id = path.get(1);
            notice = switch (path.get(2)) {
                case "enable" -> actions.setEnabled(req, who, id, true);
                case "disable" -> actions.setEnabled(req, who, id, false);
                default -> actions.run(req, who, id);
            };
            if ("assignment".equals(req.getParameter(FROM_FIELD))) {
                back = Fragments.assignmentHref(back, id);
            }
        }
        notice.keep(req);
        redirect(resp, back);
    }

    /** The audit name of a POST path, or null when there is no such action. */
    static String action(List<String> path) {
        if (path.size() == 1 && path.get(0).equals("upload")) {
            return "plugin.upload";
        }
        if (path.equals(List.of("fleet", "publish"))) {
            return FleetActions.PUBLISH;
        }
        if (path.equals(List.of("fleet", "assignment"))) {
            return FleetActions.PUT;
        }
        if (path.equals(List.of("fleet", "assignment", "delete"))) {
            return FleetActions.DELETE;
        }
        if (path.size() == 3 && path.get(0).equals("assignment")) {
            return switch (path.get(2)) {
                case "enable", "disable", "run" -> "assignment." + path.get(2);
                default -> null;
            };
        }
        return null;
    }

    private OverviewPage.Model overview(HttpServletRequest req) {
        List<String> unavailable = new ArrayList<>();
        List<PluginInfo> plugins = List.of();
        PluginRegistry reg = registry;
        if (reg == null) {
            unavailable.add("plugin registry");
        } else {
            plugins = reg.list();
        }
        List<AssignmentRow> rows = new ArrayList<>();
        Map<String, AssignmentStats> stats = stats();
        Map<String, String> pids = AssignmentConfigs.pidsById(configAdmin);
        ResultStore res = results;
        if (res == null) {
            unavailable.add("result store");
        }
        for (Assignment a : assignments(unavailable)) {
            rows.add(new AssignmentRow(a, stats.get(a.id()), last(res, a.id()), pids.get(a.id())));
        }
        rows.sort((x, y) -> x.assignment().id().compareTo(y.assignment().id()));
        return new OverviewPage.Model(appRoot(req), pluginRoot(req), csrf.token(ConsoleUser.of(req)), Notice.take(req),
                plugins, rows, unavailable, fleet != null);
    }

    /** Each part is read on its own, so one refusal by the broker still shows the rest. */
    private FleetPage.Model fleetPage(HttpServletRequest req) {
        FleetOperator op = fleet;
        String agentFilter = trimmed(req.getParameter("agent"));
        String assignmentFilter = trimmed(req.getParameter("assignment"));
        String token = csrf.token(ConsoleUser.of(req));
        Notice notice = Notice.take(req);
        if (op == null) {
            return new FleetPage.Model(pluginRoot(req), token, notice, false, List.of(), List.of(), List.of(), List.of(),
                    agentFilter, assignmentFilter);
        }
        List<String> problems = new ArrayList<>();
        List<FleetAgent> agents = fleetRead(problems, "agents", op::agents);
        List<FleetAssignment> fleetAssignments = fleetRead(problems, "assignments", op::assignments);
        List<CheckResult> fleetResults = fleetRead(problems, "results",
                () -> op.results(agentFilter, assignmentFilter, FleetPage.RESULTS));
        return new FleetPage.Model(pluginRoot(req), token, notice, true, problems, agents, fleetAssignments, fleetResults,
                agentFilter, assignmentFilter);
    }

    private static <T> List<T> fleetRead(List<String> problems, String what, java.util.function.Supplier<List<T>> read) {
        try {
            return read.get();
        } catch (FleetUnavailableException e) {
            problems.add("Fleet " + what + " not available: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("Reading the fleet's {} failed", what, e);
            problems.add("Fleet " + what + " not available: see the agent log");
        }
        return List.of();
    }

    private static String trimmed(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private Optional<String> assignmentPage(HttpServletRequest req, String id) {
        Optional<Assignment> found = assignments(new ArrayList<>()).stream().filter(a -> a.id().equals(id)).findFirst();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ResultStore res = results;
        List<CheckResult> history = res == null ? List.of() : res.latest(id, AssignmentPage.HISTORY);
        AssignmentRow row = new AssignmentRow(found.get(), stats().get(id), history.isEmpty() ? null : history.get(0),
                AssignmentConfigs.pidsById(configAdmin).get(id));
        return Optional.of(AssignmentPage.render(new AssignmentPage.Model(appRoot(req), pluginRoot(req),
                csrf.token(ConsoleUser.of(req)), Notice.take(req), row, history)));
    }

    /** The scheduler's view covers every source; without it, what the store holds. */
    private Collection<Assignment> assignments(List<String> unavailable) {
        AssignmentRunner run = runner;
        if (run != null) {
            return run.assignments();
        }
        unavailable.add("scheduler");
        AssignmentStore st = store;
        if (st == null) {
            unavailable.add("assignment store");
            return List.of();
        }
        return st.assignments();
    }

    private Map<String, AssignmentStats> stats() {
        AssignmentRunner run = runner;
        Map<String, AssignmentStats> byId = new HashMap<>();
        if (run != null) {
            try {
                run.assignmentStats().forEach(s -> byId.putIfAbsent(s.assignmentId(), s));
            } catch (RuntimeException e) {
                LOG.debug("No schedule figures for the console", e);
            }
        }
        return byId;
    }

    private static CheckResult last(ResultStore res, String id) {
        if (res == null) {
            return null;
        }
        try {
            List<CheckResult> latest = res.latest(id, 1);
            return latest.isEmpty() ? null : latest.get(0);
        } catch (RuntimeException e) {
            LOG.debug("No latest result of {} for the console", id, e);
            return null;
        }
    }

    /** The path below the plugin's label, split into segments. */
    static List<String> path(HttpServletRequest req) {
        String info = req.getPathInfo();
        List<String> segments = new ArrayList<>(info == null ? List.of()
                : Arrays.stream(info.split("/")).filter(s -> !s.isEmpty()).toList());
        if (!segments.isEmpty() && segments.get(0).equals(LABEL)) {
            segments.remove(0);
        }
        return segments;
    }

    private String token(HttpServletRequest req) throws IOException {
        String token = req.getParameter(CsrfGuard.FIELD);
        if (token != null) {
            return token;
        }
        String type = req.getContentType();
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        try {
            Part part = req.getPart(CsrfGuard.FIELD);
            if (part == null || part.getSize() > MAX_TOKEN_BYTES) {
                return null;
            }
            try (InputStream in = part.getInputStream()) {
                return new String(in.readNBytes(MAX_TOKEN_BYTES), StandardCharsets.UTF_8);
            }
        } catch (ServletException | IllegalStateException e) {
            return null;
        }
    }

    private void secureHeaders(HttpServletRequest req, HttpServletResponse resp) {
        if (resp.isCommitted()) {
            return;
        }
        resp.setHeader(ConsoleCsp.HEADER, csp.policy(appRoot(req), LABEL));
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("X-Frame-Options", "SAMEORIGIN");
        resp.setHeader("Referrer-Policy", "same-origin");
        resp.setHeader("Cache-Control", "no-store");
    }

    static String appRoot(HttpServletRequest req) {
        Object root = req.getAttribute(ServletConstants.ATTR_APP_ROOT);
        return root instanceof String s ? s : req.getContextPath() + req.getServletPath();
    }

    static String pluginRoot(HttpServletRequest req) {
        Object root = req.getAttribute(ServletConstants.ATTR_PLUGIN_ROOT);
        return root instanceof String s ? s : appRoot(req) + "/" + LABEL;
    }

    private static void redirect(HttpServletResponse resp, String location) {
        resp.setStatus(HttpServletResponse.SC_SEE_OTHER);
        resp.setHeader("Location", location);
    }

    private static void plain(HttpServletResponse resp, int status, String message) throws IOException {
        if (resp.isCommitted()) {
            return;
        }
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=utf-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.getWriter().write(message + "\n");
    }

    @Override
    public PluginRegistry registry() {
        return registry;
    }

    @Override
    public AssignmentStore store() {
        return store;
    }

    @Override
    public AssignmentRunner runner() {
        return runner;
    }

    @Override
    public ResultStore results() {
        return results;
    }

    @Override
    public ConfigurationAdmin configAdmin() {
        return configAdmin;
    }

    @Override
    public FleetOperator fleet() {
        return fleet;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }
}
