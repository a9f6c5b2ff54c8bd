package dev.warden.web.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.Assignment;
import dev.warden.web.internal.FakeHttp.Request;
import dev.warden.web.internal.FakeHttp.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiServletTest {

    private static final String TOKEN = "s3cret-token";

    private final ApiServlet servlet = new ApiServlet();
    private final FakeServices.Registry registry = new FakeServices.Registry();
    private final FakeServices.Store store = new FakeServices.Store();
    private final FakeServices.Results results = new FakeServices.Results();

    @BeforeEach
    void wire() {
        servlet.registry = registry;
        servlet.store = store;
        servlet.runner = new FakeServices.Runner(store);
        servlet.results = results;
        servlet.useToken(TOKEN);
    }

    private Response call(Request r) {
        Response resp = new Response();
        servlet.service(r.proxy(), resp.proxy());
        return resp;
    }

    private Response authed(Request r) {
        return call(r.header("Authorization", "Bearer " + TOKEN));
    }

    @Test
    void healthNeedsNoTokenAndReportsUpWhenAllServicesArePresent() throws IOException {
        Response r = call(new Request("GET", "/health"));
        assertEquals(200, r.status);
        assertEquals("UP", r.json().path("status").asText());
        assertEquals("UP", r.json().path("components").path("result_store").asText());
        assertEquals(3, r.json().path("schedule").path("started").asInt());
    }

    @Test
    void healthCountsAssignmentsBackingOffAndStaysUp() throws IOException {
        FakeServices.Runner runner = new FakeServices.Runner(store);
        runner.assignmentStats.add(FakeServices.stats("a", 5, "2026-01-01T00:01:00Z"));
        runner.assignmentStats.add(FakeServices.stats("b", 0, null));
        runner.assignmentStats.add(FakeServices.stats("c", 3, "2026-01-01T00:02:00Z"));
        servlet.runner = runner;
        JsonNode body = call(new Request("GET", "/health")).json();
        assertEquals("UP", body.path("status").asText());
        assertEquals(2, body.path("backing_off").asInt());
    }

    @Test
    void healthIsDegradedWhileTheFleetBrokerIsAwayAndShowsNoFleetFigures() throws IOException {
        assertTrue(call(new Request("GET", "/health")).json().path("components").path("fleet").isMissingNode(),
                "no fleet component outside a fleet");
        boolean[] connected = {true};
        servlet.fleetStatus = () -> new dev.warden.api.dto.FleetHealth("a1", connected[0], connected[0], 9, 12, 100, 0, 0, 0);
        JsonNode up = call(new Request("GET", "/health")).json();
        assertEquals("UP", up.path("status").asText());
        assertEquals("UP", up.path("components").path("fleet").asText());

        connected[0] = false;
        Response away = call(new Request("GET", "/health"));
        assertEquals(200, away.status);
        assertEquals("DEGRADED", away.json().path("status").asText());
        assertEquals("DISCONNECTED", away.json().path("components").path("fleet").asText());
        String text = away.json().toString();
        assertFalse(text.contains("a1") || text.contains("backlog"), "no agent id or counts without a token: " + text);
    }

    @Test
    void healthReportsNoneBackingOffWhenAllIsWell() throws IOException {
        assertEquals(0, call(new Request("GET", "/health")).json().path("backing_off").asInt(-1));
    }

    @Test
    void assignmentsCarryTheSchedulersStatusFigures() throws IOException {
        FakeServices.Runner runner = new FakeServices.Runner(store);
        runner.assignmentStats.add(FakeServices.stats("a", 5, "2026-01-01T00:01:00Z"));
        servlet.runner = runner;
        authed(new Request("PUT", "/assignments/a").body("{\"plugin_id\":\"demo\"}"));
        authed(new Request("PUT", "/assignments/b").body("{\"plugin_id\":\"demo\"}"));

        JsonNode one = authed(new Request("GET", "/assignments/a")).json();
        assertEquals("demo", one.path("plugin_id").asText());
        JsonNode status = one.path("status");
        assertEquals(7, status.path("runs").asInt());
        assertEquals(5, status.path("consecutive_failures").asInt());
        assertEquals("2026-01-01T00:01:00Z", status.path("backoff_until").asText());
        assertEquals("UNKNOWN", status.path("last_status").asText());
        assertEquals(3, status.path("backed_off").asInt());
        assertEquals(65536, status.path("memory_peak_max_bytes").asInt());

        JsonNode list = authed(new Request("GET", "/assignments")).json().path("assignments");
        assertEquals(2, list.size());
        assertEquals(7, list.get(0).path("status").path("runs").asInt());
        assertTrue(list.get(1).has("status") && list.get(1).path("status").isNull(), "b has no figures yet");
    }

    @Test
    void assignmentsWithoutTheSchedulerHaveNoStatus() throws IOException {
        authed(new Request("PUT", "/assignments/a").body("{\"plugin_id\":\"demo\"}"));
        servlet.runner = null;
        JsonNode one = authed(new Request("GET", "/assignments/a")).json();
        assertEquals("a", one.path("id").asText());
        assertTrue(one.path("status").isNull());
    }

    @Test
    void healthIsDegradedAndNamesWhatIsMissing() throws IOException {
        servlet.runner = null;
        JsonNode body = call(new Request("GET", "/health")).json();
        assertEquals("DEGRADED", body.path("status").asText());
        assertEquals("MISSING", body.path("components").path("assignment_runner").asText());
    }

    @Test
    void missingTokenIsUnauthorizedWithAChallenge() throws IOException {
        Response r = call(new Request("GET", "/plugins"));
        assertEquals(401, r.status);
        assertEquals("unauthorized", r.errorCode());
        assertTrue(r.headers.get("WWW-Authenticate").startsWith("Bearer"));
    }

    @Test
    void wrongTokenIsUnauthorized() throws IOException {
        assertEquals(401, call(new Request("GET", "/plugins").header("Authorization", "Bearer nope")).status);
        assertEquals(401, call(new Request("GET", "/plugins").header("Authorization", "Basic " + TOKEN)).status);
        assertEquals(401, call(new Request("GET", "/plugins").header("Authorization", "Bearer " + TOKEN + "x")).status);
    }

    @Test
    void rightTokenListsPlugins() throws IOException {
        registry.installed.add(FakeServices.info("demo", "1.0.0"));
        Response r = authed(new Request("GET", "/plugins"));
        assertEquals(200, r.status);
        JsonNode first = r.json().path("plugins").get(0);
        assertEquals("demo", first.path("id").asText());
        assertEquals("ab12", first.path("sha256").asText());
    }

    @Test
    void unknownPathsAreNotRevealedWithoutAToken() {
        assertEquals(401, call(new Request("GET", "/nothing-here")).status);
    }

    @Test
    void unknownPathIs404Json() throws IOException {
        Response r = authed(new Request("GET", "/nothing-here"));
        assertEquals(404, r.status);
        assertEquals("not_found", r.errorCode());
    }

    @Test
    void wrongMethodIs405WithAllow() throws IOException {
        Response r = authed(new Request("PATCH", "/assignments/a"));
        assertEquals(405, r.status);
        assertEquals("method_not_allowed", r.errorCode());
        assertEquals("GET, PUT, DELETE", r.headers.get("Allow"));
    }

    @Test
    void uploadNeedsTheZipContentType() throws IOException {
        Response r = authed(new Request("POST", "/plugins").body("application/octet-stream", new byte[] {1}));
        assertEquals(415, r.status);
        assertNull(registry.lastUpload);
    }

    @Test
    void uploadInstallsAndAnswers201() throws IOException {
        byte[] zip = "PK-fake".getBytes(StandardCharsets.UTF_8);
        Response r = authed(new Request("POST", "/plugins").body("application/zip", zip));
        assertEquals(201, r.status);
        assertEquals("uploaded", r.json().path("id").asText());
        assertEquals("1.0.0", r.json().path("version").asText());
        assertArrayEquals(zip, registry.lastUpload);
    }

    @Test
    void uploadOverTheCapIs413WhetherDeclaredOrNot() throws IOException {
        servlet.modified(config(4));
        Response declared = authed(new Request("POST", "/plugins").body("application/zip", new byte[5]));
        assertEquals(413, declared.status);
        Request chunked = new Request("POST", "/plugins").body("application/zip", new byte[5]);
        chunked.declaredLength = -1;
        Response counted = authed(chunked);
        assertEquals(413, counted.status);
        assertEquals("too_large", counted.errorCode());
        assertNull(registry.lastUpload);
    }

    @Test
    void refusedPackagesMapToStatusesAndNameTheField() throws IOException {
        assertEquals(422, uploadRefusedWith(new InvalidPluginException("invalid_manifest", "version", "not semver")).status);
        assertEquals(422, uploadRefusedWith(new InvalidPluginException("invalid_module", "entrypoint missing")).status);
        assertEquals(422, uploadRefusedWith(new InvalidPluginException("invalid_package", "no plugin.wasm")).status);
        assertEquals(413, uploadRefusedWith(new InvalidPluginException("too_large", "plugin.wasm too big")).status);
        assertEquals(400, uploadRefusedWith(new InvalidPluginException("not_a_zip", "not a zip")).status);
        Response r = uploadRefusedWith(new InvalidPluginException("invalid_manifest", "version", "not semver"));
        assertEquals("invalid_manifest", r.errorCode());
        assertEquals("version: not semver", r.json().path("error").path("message").asText());
    }

    private Response uploadRefusedWith(InvalidPluginException e) {
        registry.onInstall = zip -> {
            throw e;
        };
        return authed(new Request("POST", "/plugins").body("application/zip", new byte[] {1}));
    }

    @Test
    void missingServiceIs503() throws IOException {
        servlet.registry = null;
        Response r = authed(new Request("GET", "/plugins"));
        assertEquals(503, r.status);
        assertEquals("service_unavailable", r.errorCode());
    }

    @Test
    void pluginVersionCanBeShownAndDeleted() {
        registry.installed.add(FakeServices.info("demo", "1.0.0"));
        assertEquals(200, authed(new Request("GET", "/plugins/demo/1.0.0")).status);
        assertEquals(404, authed(new Request("GET", "/plugins/demo/2.0.0")).status);
        assertEquals(204, authed(new Request("DELETE", "/plugins/demo/1.0.0")).status);
        assertEquals(404, authed(new Request("DELETE", "/plugins/demo/1.0.0")).status);
    }

    @Test
    void putCreatesWith201ThenReplacesWith200() throws IOException {
        String body = "{\"plugin_id\":\"demo\",\"interval_ms\":5000,\"params\":{\"url\":\"https://x\"},"
                + "\"grants\":{\"capabilities\":[\"log\"]},\"thresholds\":{\"latency_ms\":{\"warn\":\"200\"}},\"enabled\":false}";
        Response created = authed(new Request("PUT", "/assignments/web").body(body));
        assertEquals(201, created.status);
        JsonNode json = created.json();
        assertEquals("web", json.path("id").asText());
        assertEquals("https://x", json.path("params").path("url").asText(), "params travel as an object");
        assertEquals("200", json.path("thresholds").path("latency_ms").path("warn").asText());
        Assignment stored = store.byId.get("web");
        assertEquals("{\"url\":\"https://x\"}", stored.params());
        assertEquals(5000, stored.intervalMs());
        assertEquals(false, stored.enabled());
        assertEquals(200, authed(new Request("PUT", "/assignments/web").body(body)).status);
    }

    @Test
    void putWithBadJsonIs400() throws IOException {
        Response r = authed(new Request("PUT", "/assignments/web").body("{nope"));
        assertEquals(400, r.status);
        assertEquals("bad_request", r.errorCode());
    }

    @Test
    void putThatTheStoreRefusesIs422NamingTheField() throws IOException {
        store.refuse = new InvalidAssignmentException("interval_ms", "interval_ms must be at least 1000");
        Response r = authed(new Request("PUT", "/assignments/web").body("{\"plugin_id\":\"demo\",\"interval_ms\":5}"));
        assertEquals(422, r.status);
        assertEquals("invalid_assignment", r.errorCode());
        assertTrue(r.json().path("error").path("message").asText().startsWith("interval_ms: "));
    }

    @Test
    void putWithWronglyTypedFieldsIs422() throws IOException {
        assertEquals(422, authed(new Request("PUT", "/assignments/web").body("{\"plugin_id\":\"demo\",\"params\":[1]}")).status);
        assertEquals(422, authed(new Request("PUT", "/assignments/web").body("{\"plugin_id\":\"demo\",\"interval_ms\":\"soon\"}")).status);
        Response r = authed(new Request("PUT", "/assignments/web").body("{\"plugin_id\":\"demo\",\"grants\":{\"capabilites\":[]}}"));
        assertEquals(422, r.status);
        assertTrue(r.json().path("error").path("message").asText().startsWith("grants: "));
    }

    @Test
    void assignmentsCanBeListedReadAndDeleted() throws IOException {
        authed(new Request("PUT", "/assignments/a").body("{\"plugin_id\":\"demo\"}"));
        assertEquals("a", authed(new Request("GET", "/assignments")).json().path("assignments").get(0).path("id").asText());
        assertEquals(200, authed(new Request("GET", "/assignments/a")).status);
        assertEquals(204, authed(new Request("DELETE", "/assignments/a")).status);
        assertEquals(404, authed(new Request("GET", "/assignments/a")).status);
        assertEquals(404, authed(new Request("DELETE", "/assignments/a")).status);
    }

    @Test
    void runAnswersTheResultOr404() throws IOException {
        authed(new Request("PUT", "/assignments/a").body("{\"plugin_id\":\"demo\"}"));
        Response r = authed(new Request("POST", "/assignments/a/run"));
        assertEquals(200, r.status);
        assertEquals("now-1", r.json().path("id").asText());
        assertEquals("OK", r.json().path("status").asText());
        assertEquals(1, r.json().path("stats").path("wall_ms").asInt());
        assertEquals(404, authed(new Request("POST", "/assignments/zzz/run")).status);
    }

    @Test
    void resultsPassFilterAndLimitAndWrapTheList() throws IOException {
        Response r = authed(new Request("GET", "/results").param("assignment", "a").param("limit", "5000"));
        assertEquals(200, r.status);
        assertEquals("r2", r.json().path("results").get(0).path("id").asText());
        assertEquals("a", results.askedAssignment);
        assertEquals(1000, results.askedLimit);
        authed(new Request("GET", "/results"));
        assertNull(results.askedAssignment);
        assertEquals(50, results.askedLimit);
        assertEquals(400, authed(new Request("GET", "/results").param("limit", "ten")).status);
        assertEquals(400, authed(new Request("GET", "/results").param("limit", "0")).status);
    }

    @Test
    void anUnexpectedFailureIs500JsonAndDoesNotEscape() throws IOException {
        results.failure = new IllegalStateException("journal on fire");
        Response r = authed(new Request("GET", "/results"));
        assertEquals(500, r.status);
        assertEquals("internal_error", r.errorCode());
        assertTrue(!r.body.toString(StandardCharsets.UTF_8).contains("journal on fire"), "no internals leak");
    }

    static WebConfig config(long maxUpload) {
        return TestConfigs.web(java.util.Map.of("max_upload_bytes", maxUpload));
    }
}
