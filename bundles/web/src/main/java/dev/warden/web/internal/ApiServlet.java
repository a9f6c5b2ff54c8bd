package dev.warden.web.internal;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.FleetOperator;
import dev.warden.api.FleetStatus;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import dev.warden.common.Json;
import dev.warden.common.WardenHome;
import dev.warden.web.internal.audit.AuditLog;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST API under {@code /api/v1}. Checks the bearer token, routes, and turns every outcome
 * (including failures) into a JSON answer: nothing thrown here reaches Jetty.
 */
@Component(service = {Servlet.class, BearerCheck.class}, configurationPid = WebConfig.PID)
@Designate(ocd = WebConfig.class)
@RequireHttpWhiteboard
@HttpWhiteboardServletName("warden-api")
@HttpWhiteboardServletPattern(ApiServlet.PREFIX + "/*")
public final class ApiServlet extends HttpServlet implements ApiServices, BearerCheck {

    static final String PREFIX = "/api/v1";
    static final String TOKEN_FILE = "api-token";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ApiServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile PluginRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile AssignmentRunner runner;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile AssignmentStore store;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile ResultStore results;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile AuditLog audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile FleetOperator fleet;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile FleetStatus fleetStatus;

    /** The token in force: the configured api_token, else {@link #fileToken}. Read on every request. */
    private transient volatile SecretMatcher token;
    private transient volatile SecretMatcher fileToken;
    private transient volatile long maxUploadBytes = 16L * 1024 * 1024;
    private final transient Routes routes;

    public ApiServlet() {
        PluginEndpoints plugins = new PluginEndpoints(this, () -> maxUploadBytes);
        AssignmentEndpoints assignments = new AssignmentEndpoints(this);
        ResultEndpoints resultEndpoints = new ResultEndpoints(this);
        FleetEndpoints fleetEndpoints = new FleetEndpoints(this, () -> maxUploadBytes);
        routes = new Routes()
                .addOpen("GET", "health", (req, p) -> HealthEndpoint.health(this))
                .add("GET", "plugins", plugins::list)
                .add("POST", "plugins", plugins::upload)
                .add("GET", "plugins/{}/{}", plugins::get)
                .add("DELETE", "plugins/{}/{}", plugins::delete)
                .add("GET", "assignments", assignments::list)
                .add("GET", "assignments/{}", assignments::get)
                .add("PUT", "assignments/{}", assignments::put)
                .add("DELETE", "assignments/{}", assignments::delete)
                .add("POST", "assignments/{}/run", assignments::run)
                .add("GET", "results", resultEndpoints::latest)
                .add("POST", "fleet/plugins", fleetEndpoints::publish)
                .add("GET", "fleet/assignments", fleetEndpoints::assignments)
                .add("PUT", "fleet/assignments/{}", fleetEndpoints::put)
                .add("DELETE", "fleet/assignments/{}", fleetEndpoints::delete)
                .add("GET", "fleet/agents", fleetEndpoints::agents)
                .add("GET", "fleet/results", fleetEndpoints::results);
    }

    @Activate
    void activate(WebConfig config) {
        start(config, WardenHome.conf().resolve(TOKEN_FILE));
    }

    /** Package-private for tests: activation with the token file at {@code tokenFile}. */
    void start(WebConfig config, Path tokenFile) {
        // generated even when a token is configured, so clearing api_token later falls back to a secret
        fileToken = loadToken(tokenFile);
        modified(config);
    }

    @Modified
    void modified(WebConfig config) {
        maxUploadBytes = Math.max(1, config.max__upload__bytes());
        token = ConfiguredSecret.choose("API token", ".api_token", config._api__token(), fileToken);
    }

    /** Package-private for tests: use this token instead of the file. */
    void useToken(String secret) {
        fileToken = new SecretMatcher(secret);
        token = fileToken;
    }

    private static SecretMatcher loadToken(Path file) {
        try {
            SecretFile.Secret secret = SecretFile.readOrCreate(file);
            if (secret.created()) {
                System.out.println("Warden API token generated: " + file);
                LOG.info("Generated the API bearer token into {}", file);
            } else {
                LOG.info("API bearer token: {}", file);
            }
            return new SecretMatcher(secret.value());
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot read or create the API token {}; the API refuses every authenticated request", file, e);
            return null;
        }
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) {
        try {
            Reply reply = dispatch(req, resp);
            write(resp, reply.status(), reply.body());
        } catch (ApiException e) {
            writeError(resp, e.status(), e.code(), e.getMessage());
        } catch (Exception | LinkageError | StackOverflowError e) {
            LOG.error("{} {} failed", req.getMethod(), req.getRequestURI(), e);
            writeError(resp, 500, "internal_error", "internal error; see the agent log");
        }
    }

    private Reply dispatch(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<String> segments = segments(req.getPathInfo());
        Optional<Routes.Match> match = routes.match(req.getMethod(), segments);
        if (match.isEmpty() || !match.get().open()) {
            authenticate(req, resp);
        }
        Routes.Match m = match.orElseThrow(() -> ApiException.notFound("no such resource: " + req.getRequestURI()));
        if (m.endpoint().isEmpty()) {
            resp.setHeader("Allow", String.join(", ", m.allowed()));
            throw new ApiException(405, "method_not_allowed", req.getMethod() + " is not allowed here; use " + String.join(", ", m.allowed()));
        }
        return m.endpoint().get().handle(req, m.params());
    }

    @Override
    public void authenticate(HttpServletRequest req, HttpServletResponse resp) {
        SecretMatcher expected = token;
        if (expected == null) {
            throw new ApiException(503, "service_unavailable", "the API token is not available; see the agent log");
        }
        String header = req.getHeader("Authorization");
        String presented = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (!expected.matches(presented)) {
            UnreadBody.discard(req, resp);
            resp.setHeader("WWW-Authenticate", "Bearer realm=\"warden\"");
            throw new ApiException(401, "unauthorized", "missing or wrong bearer token");
        }
    }

    static List<String> segments(String pathInfo) {
        if (pathInfo == null) {
            return List.of();
        }
        return Arrays.stream(pathInfo.split("/")).filter(s -> !s.isEmpty()).toList();
    }

    private static void write(HttpServletResponse resp, int status, Object body) throws IOException {
        resp.setStatus(status);
        resp.setHeader("Cache-Control", "no-store");
        if (body == null) {
            return;
        }
        byte[] bytes = Json.mapper().writeValueAsBytes(body);
        resp.setContentType("application/json;charset=utf-8");
        resp.setContentLength(bytes.length);
        resp.getOutputStream().write(bytes);
    }

    private static void writeError(HttpServletResponse resp, int status, String code, String message) {
        if (resp.isCommitted()) {
            return;
        }
        try {
            resp.resetBuffer();
            resp.setStatus(status);
            resp.setHeader("Cache-Control", "no-store");
            byte[] bytes = Json.error(code, message).getBytes(StandardCharsets.UTF_8);
            resp.setContentType("application/json;charset=utf-8");
            resp.setContentLength(bytes.length);
            resp.getOutputStream().write(bytes);
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not write an error answer", e);
        }
    }

    @Override
    public PluginRegistry registry() {
        return registry;
    }

    @Override
    public AssignmentRunner runner() {
        return runner;
    }

    @Override
    public AssignmentStore store() {
        return store;
    }

    @Override
    public ResultStore results() {
        return results;
    }

    @Override
    public FleetOperator fleet() {
        return fleet;
    }

    @Override
    public FleetStatus fleetStatus() {
        return fleetStatus;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }
}
