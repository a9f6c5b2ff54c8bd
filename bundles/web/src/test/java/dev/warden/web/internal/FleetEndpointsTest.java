package dev.warden.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.FleetUnavailableException;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.FleetAgent;
import dev.warden.api.dto.FleetTarget;
import dev.warden.common.Json;
import dev.warden.web.internal.FakeHttp.Request;
import dev.warden.web.internal.FakeHttp.Response;
import dev.warden.web.internal.audit.AuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetEndpointsTest {

    private static final String TOKEN = "s3cret-token";
    private static final String BODY = "{\"plugin_id\":\"demo\",\"interval_ms\":5000,\"params\":{\"url\":\"https://x\",\"password\":\"pw\"},"
            + "\"target\":{\"label\":\"edge\"}}";

    @TempDir
    Path dir;

    private final ApiServlet servlet = new ApiServlet();
    private final FakeServices.Registry registry = new FakeServices.Registry();
    private final FakeFleet fleet = new FakeFleet();
    private AuditLog audit;

    @BeforeEach
    void wire() {
        servlet.registry = registry;
        servlet.fleet = fleet;
        servlet.useToken(TOKEN);
        audit = new AuditLog(dir.resolve("audit.log"), 1 << 20, 3, Clock.systemUTC());
        servlet.audit = audit;
    }

    private Response authed(Request r) {
        Response resp = new Response();
        servlet.service(r.header("Authorization", "Bearer " + TOKEN).proxy(), resp.proxy());
        return resp;
    }

    private List<JsonNode> auditLines() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(audit.file())) {
            for (String line : Files.readAllLines(audit.file())) {
                out.add(Json.mapper().readTree(line));
            }
        }
        return out;
    }

    /** The fetched package of plugin demo marks /password secret. */
    private void secretPassword() {
        registry.installed.add(FakeServices.info("demo", "1.0.0"));
        registry.secrets.put("demo@1.0.0", Set.of("/password"));
    }

    @Test
    void everyFleetEndpointIs503FleetUnavailableWithoutAFleetOperator() throws IOException {
        servlet.fleet = null;
        List<Request> requests = List.of(
                new Request("POST", "/fleet/plugins").body("application/zip", new byte[] {1}),
                new Request("PUT", "/fleet/assignments/web").body(BODY),
                new Request("DELETE", "/fleet/assignments/web").param("label", "edge"),
                new Request("GET", "/fleet/assignments"),
                new Request("GET", "/fleet/agents"),
                new Request("GET", "/fleet/results"));
        for (Request r : requests) {
            Response resp = authed(r);
            assertEquals(503, resp.status, r.method + " " + r.pathInfo);
            assertEquals("fleet_unavailable", resp.errorCode(), r.method + " " + r.pathInfo);
        }
    }

    @Test
    void aBrokerFailureIs503FleetUnavailableWithItsMessage() throws IOException {
        fleet.unavailable = new FleetUnavailableException("the broker refused to list agents (permissions)", null);
        Response r = authed(new Request("GET", "/fleet/agents"));
        assertEquals(503, r.status);
        assertEquals("fleet_unavailable", r.errorCode());
        assertEquals("the broker refused to list agents (permissions)", r.json().path("error").path("message").asText());
        assertEquals(503, authed(new Request("PUT", "/fleet/assignments/web").body(BODY)).status);
        assertEquals(503, authed(new Request("POST", "/fleet/plugins").body("application/zip", new byte[] {1})).status);
    }

    @Test
    void publishHandsTheZipToTheFleetAndAnswers201AndIsAudited() throws IOException {
        byte[] zip = "PK-fake".getBytes(StandardCharsets.UTF_8);
        Response r = authed(new Request("POST", "/fleet/plugins").body("application/zip", zip));
        assertEquals(201, r.status);
        assertEquals("published", r.json().path("id").asText());
        assertArrayEquals(zip, fleet.lastPublished);
        assertNull(registry.lastUpload, "published, not installed locally");
        JsonNode line = auditLines().get(0);
        assertEquals("fleet.plugin.publish", line.path("action").asText());
        assertEquals("ok", line.path("outcome").asText());
        assertEquals("published", line.path("what").path("plugin_id").asText());
    }

    @Test
    void publishErrorsAreThoseOfAnUpload() throws IOException {
        assertEquals(415, authed(new Request("POST", "/fleet/plugins").body("application/octet-stream", new byte[] {1})).status);
        servlet.modified(ApiServletTest.config(4));
        Response big = authed(new Request("POST", "/fleet/plugins").body("application/zip", new byte[5]));
        assertEquals(413, big.status);
        assertEquals("too_large", big.errorCode());
        assertNull(fleet.lastPublished);
        servlet.modified(ApiServletTest.config(1 << 20));

        assertEquals(400, publishRefusedWith(new InvalidPluginException("not_a_zip", "not a zip")).status);
        assertEquals(413, publishRefusedWith(new InvalidPluginException("too_large", "plugin.wasm too big")).status);
        Response refused = publishRefusedWith(new InvalidPluginException("signature_required", "sign it"));
        assertEquals(422, refused.status);
        assertEquals("signature_required", refused.errorCode());
        Response manifest = publishRefusedWith(new InvalidPluginException("invalid_manifest", "version", "not semver"));
        assertEquals("version: not semver", manifest.json().path("error").path("message").asText());
        assertTrue(auditLines().stream().anyMatch(l -> l.path("action").asText().equals("fleet.plugin.publish")
                && l.path("code").asText().equals("signature_required")));
    }

    private Response publishRefusedWith(InvalidPluginException e) {
        fleet.onPublish = zip -> {
            throw e;
        };
        return authed(new Request("POST", "/fleet/plugins").body("application/zip", new byte[] {1}));
    }

    @Test
    void putStoresTheAssignmentForTheTargetAndAnswersTheRevisionWithSecretsMasked() throws IOException {
        secretPassword();
        Response r = authed(new Request("PUT", "/fleet/assignments/web").body(BODY));
        assertEquals(200, r.status);
        JsonNode json = r.json();
        assertEquals("edge", json.path("target").path("label").asText());
        assertTrue(json.path("target").path("agent").isMissingNode());
        assertEquals(1, json.path("revision").asLong());
        assertEquals("web", json.path("assignment").path("id").asText());
        assertEquals("********", json.path("assignment").path("params").path("password").asText());

        Assignment stored = fleet.byKey.get("label.edge.web").assignment();
        assertEquals("demo", stored.pluginId());
        assertEquals(5000, stored.intervalMs());
        assertEquals("{\"url\":\"https://x\",\"password\":\"pw\"}", stored.params(), "the target is not part of the params");
        JsonNode line = auditLines().get(0);
        assertEquals("fleet.assignment.put", line.path("action").asText());
        assertEquals("edge", line.path("what").path("label").asText());
        assertTrue(!line.toString().contains("pw\""), "params stay out of the audit log");
    }

    @Test
    void aMaskedSecretKeepsTheValueStoredForTheSameTarget() throws IOException {
        secretPassword();
        authed(new Request("PUT", "/fleet/assignments/web").body(BODY));
        String masked = BODY.replace("\"pw\"", "\"********\"");
        assertEquals(200, authed(new Request("PUT", "/fleet/assignments/web").body(masked)).status);
        assertTrue(fleet.byKey.get("label.edge.web").assignment().params().contains("\"pw\""));

        Response other = authed(new Request("PUT", "/fleet/assignments/web").body(masked.replace("edge", "core")));
        assertEquals(422, other.status, "nothing stored for that target");
        assertEquals("invalid_assignment", other.errorCode());
    }

    @Test
    void aBadOrMissingTargetIs400() throws IOException {
        for (String target : List.of("", ",\"target\":null", ",\"target\":{}", ",\"target\":{\"agent\":\"a1\",\"label\":\"edge\"}",
                ",\"target\":{\"agent\":\"a.*\"}", ",\"target\":{\"agent\":7}", ",\"target\":\"a1\"",
                ",\"target\":{\"host\":\"a1\"}")) {
            Response r = authed(new Request("PUT", "/fleet/assignments/web").body("{\"plugin_id\":\"demo\"" + target + "}"));
            assertEquals(400, r.status, target);
            assertEquals("invalid_target", r.errorCode(), target);
        }
        assertEquals(400, authed(new Request("DELETE", "/fleet/assignments/web")).status);
        assertEquals(400, authed(new Request("DELETE", "/fleet/assignments/web").param("agent", "a1").param("label", "x")).status);
        assertEquals(400, authed(new Request("DELETE", "/fleet/assignments/web").param("label", "a b")).status);
        assertTrue(fleet.byKey.isEmpty());
    }

    @Test
    void putWithBadJsonIs400AndARefusalIs422NamingTheField() throws IOException {
        assertEquals("bad_request", authed(new Request("PUT", "/fleet/assignments/web").body("{nope")).errorCode());
        assertEquals(422, authed(new Request("PUT", "/fleet/assignments/web")
                .body("{\"plugin_id\":\"demo\",\"params\":[1],\"target\":{\"agent\":\"a1\"}}")).status);
        fleet.refuseAssignment = new InvalidAssignmentException("plugin_id", "plugin demo is not published to the fleet");
        Response r = authed(new Request("PUT", "/fleet/assignments/web").body(BODY));
        assertEquals(422, r.status);
        assertEquals("invalid_assignment", r.errorCode());
        assertEquals("plugin_id: plugin demo is not published to the fleet", r.json().path("error").path("message").asText());
        assertEquals("invalid_assignment", auditLines().get(auditLines().size() - 1).path("code").asText());
    }

    @Test
    void deleteRemovesForTheTargetAnd404sWhenAbsent() throws IOException {
        authed(new Request("PUT", "/fleet/assignments/web").body(BODY));
        assertEquals(404, authed(new Request("DELETE", "/fleet/assignments/web").param("agent", "edge")).status,
                "same name, other kind of target");
        assertEquals(204, authed(new Request("DELETE", "/fleet/assignments/web").param("label", "edge")).status);
        Response again = authed(new Request("DELETE", "/fleet/assignments/web").param("label", "edge"));
        assertEquals(404, again.status);
        assertEquals("not_found", again.errorCode());
        assertTrue(auditLines().stream().anyMatch(l -> l.path("action").asText().equals("fleet.assignment.delete")
                && l.path("outcome").asText().equals("ok")));
    }

    @Test
    void assignmentsAreListedWithTargetRevisionAndMaskedSecrets() throws Exception {
        secretPassword();
        fleet.putAssignment(FleetTarget.agent("a1"), new Assignment("ping", "demo", null, 1000, null,
                "{\"password\":\"pw\"}", null, null, true, null));
        JsonNode list = authed(new Request("GET", "/fleet/assignments")).json().path("assignments");
        assertEquals(1, list.size());
        assertEquals("a1", list.get(0).path("target").path("agent").asText());
        assertEquals(1, list.get(0).path("revision").asLong());
        assertEquals("ping", list.get(0).path("assignment").path("id").asText());
        assertEquals("********", list.get(0).path("assignment").path("params").path("password").asText());
    }

    @Test
    void agentsAreListedInSnakeCase() throws IOException {
        fleet.agents.add(new FleetAgent("a1", "0.1.0", List.of("edge"), List.of("http"), 4, "2026-01-01T00:00:00Z",
                List.of("x 1.0.0 ab: bad signature"), 3, 0, List.of("bad: plugin_id refused"), null));
        JsonNode agent = authed(new Request("GET", "/fleet/agents")).json().path("agents").get(0);
        assertEquals("a1", agent.path("agent_id").asText());
        assertEquals(4, agent.path("config_revision").asLong());
        assertEquals("2026-01-01T00:00:00Z", agent.path("last_seen").asText());
        assertEquals("x 1.0.0 ab: bad signature", agent.path("refused_packages").get(0).asText());
        assertEquals(3, agent.path("result_backlog").asLong());
        assertEquals(0, agent.path("results_skipped").asLong());
        assertEquals("bad: plugin_id refused", agent.path("rejected_assignments").get(0).asText());
    }

    @Test
    void resultsPassTheFiltersAndTheLimitLikeLocalResults() throws IOException {
        Response r = authed(new Request("GET", "/fleet/results").param("agent", "a1").param("assignment", "web.check")
                .param("limit", "5000"));
        assertEquals(200, r.status);
        assertEquals("f2", r.json().path("results").get(0).path("id").asText());
        assertEquals("a1", fleet.askedAgent);
        assertEquals("web.check", fleet.askedAssignment);
        assertEquals(1000, fleet.askedLimit);
        authed(new Request("GET", "/fleet/results").param("agent", " "));
        assertNull(fleet.askedAgent);
        assertNull(fleet.askedAssignment);
        assertEquals(50, fleet.askedLimit);
        assertEquals(400, authed(new Request("GET", "/fleet/results").param("limit", "0")).status);
        assertEquals(400, authed(new Request("GET", "/fleet/results").param("agent", "a1.>")).status);
    }
}
