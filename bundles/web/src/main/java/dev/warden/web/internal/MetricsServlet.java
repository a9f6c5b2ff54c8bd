package dev.warden.web.internal;

import dev.warden.api.MetricsExposition;
import dev.warden.common.Json;
import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the {@link MetricsExposition} for Prometheus, behind the API's bearer token
 * (the scrape config's {@code authorization: credentials_file} points at {@code conf/api-token}).
 * Errors answer in the API's JSON shape; nothing thrown here reaches Jetty.
 */
@Component(service = Servlet.class)
@RequireHttpWhiteboard
@HttpWhiteboardServletName("warden-metrics")
@HttpWhiteboardServletPattern(MetricsServlet.PATH)
public final class MetricsServlet extends HttpServlet {

    static final String PATH = "/metrics";

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(MetricsServlet.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile BearerCheck auth;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    transient volatile MetricsExposition exposition;

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) {
        try {
            String method = req.getMethod();
            boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method)) {
                resp.setHeader("Allow", "GET, HEAD");
                throw new ApiException(405, "method_not_allowed", method + " is not allowed here; use GET");
            }
            BearerCheck check = auth;
            if (check == null) {
                throw new ApiException(503, "service_unavailable", "the API token check is not available");
            }
            check.authenticate(req, resp);
            MetricsExposition metrics = exposition;
            if (metrics == null) {
                throw ApiException.unavailable("the metrics exposition");
            }
            // rendered completely before answering, so a failure half-way can still become a clean 500
            ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
            metrics.write(body);
            resp.setStatus(200);
            resp.setHeader("Cache-Control", "no-store");
            resp.setContentType(metrics.contentType());
            resp.setContentLength(body.size());
            if (!head) {
                body.writeTo(resp.getOutputStream());
            }
        } catch (ApiException e) {
            writeError(resp, e.status(), e.code(), e.getMessage());
        } catch (Exception | LinkageError | StackOverflowError e) {
            LOG.error("GET {} failed", PATH, e);
            writeError(resp, 500, "internal_error", "internal error; see the agent log");
        }
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
}
