package dev.warden.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.Assignment;
import dev.warden.common.Json;
import dev.warden.web.internal.FakeHttp.Request;
import dev.warden.web.internal.FakeHttp.Response;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The operator rules of the API: delete refused while in use, validation before storing, secrets masked. */
class PluginAndAssignmentRulesTest {

    private static final String TOKEN = "t0ken";

    private final ApiServlet servlet = new ApiServlet();
    private final FakeServices.Registry registry = new FakeServices.Registry();
    private final FakeServices.Store store = new FakeServices.Store();

    @BeforeEach
    void wire() {
        servlet.registry = registry;
        servlet.store = store;
        servlet.runner = new FakeServices.Runner(store);
        servlet.results = new FakeServices.Results();
        servlet.useToken(TOKEN);
        registry.installed.add(FakeServices.info("demo", "1.0.0"));
        registry.installed.add(FakeServices.info("demo", "2.0.0"));
    }

    private Response authed(Request r) {
        Response resp = new Response();
        servlet.service(r.header("Authorization", "Bearer " + TOKEN).proxy(), resp.proxy());
        return resp;
    }

    private void assign(String id, String version) {
        store.byId.put(id, new Assignment(id, "demo", version, 60_000, null, "{}", null, null, true, "fake"));
    }

    private String message(Response r) throws IOException {
        return r.json().path("error").path("message").asText();
    }

    @Test
    void deletingAPinnedVersionIs409NamingTheAssignment() throws IOException {
        assign("pinned", "1.0.0");
        Response r = authed(new Request("DELETE", "/plugins/demo/1.0.0"));
        assertEquals(409, r.status);
        assertEquals("in_use", r.errorCode());
        assertTrue(message(r).contains("pinned"), message(r));
        assertTrue(message(r).contains("pin them to another version"), message(r));
        assertEquals(2, registry.installed.size(), "nothing was deleted");
    }

    @Test
    void deletingTheNewestVersionIs409WhileAnAssignmentFollowsTheNewest() throws IOException {
        assign("follower", null);
        Response r = authed(new Request("DELETE", "/plugins/demo/2.0.0"));
        assertEquals(409, r.status);
        assertTrue(message(r).contains("follower"));
        assertEquals(204, authed(new Request("DELETE", "/plugins/demo/1.0.0")).status,
                "an older version that nobody pins can go");
    }

    @Test
    void aDisabledAssignmentStillHoldsItsVersion() {
        store.byId.put("off", new Assignment("off", "demo", "1.0.0", 60_000, null, "{}", null, null, false, "fake"));
        assertEquals(409, authed(new Request("DELETE", "/plugins/demo/1.0.0")).status);
    }

    @Test
    void deletingAVersionNobodyRunsSucceedsAndAnUnknownOneIs404() {
        store.byId.put("x", new Assignment("x", "another", null, 60_000, null, "{}", null, null, true, "fake"));
        assign("pinned-old", "1.0.0");
        assertEquals(204, authed(new Request("DELETE", "/plugins/demo/2.0.0")).status);
        assertEquals(404, authed(new Request("DELETE", "/plugins/demo/9.9.9")).status);
    }

    @Test
    void theRegistryValidatesBeforeTheStoreIsWritten() throws IOException {
        registry.refuseAssignment = new InvalidAssignmentException("grants.capabilities", "http_request is not requested by the manifest");
        Response r = authed(new Request("PUT", "/assignments/a").body("{\"plugin_id\":\"demo\"}"));
        assertEquals(422, r.status);
        assertEquals("invalid_assignment", r.errorCode());
        assertEquals("grants.capabilities: http_request is not requested by the manifest", message(r));
        assertTrue(store.byId.isEmpty(), "a refused assignment is not stored");
    }

    @Test
    void aMissingPluginIs422() throws IOException {
        registry.refuseAssignment = new InvalidAssignmentException("plugin_id", "plugin nope is not installed");
        Response r = authed(new Request("PUT", "/assignments/a").body("{\"plugin_id\":\"nope\"}"));
        assertEquals(422, r.status);
        assertTrue(message(r).startsWith("plugin_id: "));
    }

    @Test
    void withoutTheRegistryAssignmentsAreStoredUnvalidatedButTheirParamsAreWithheld() throws IOException {
        servlet.registry = null;
        Response put = authed(new Request("PUT", "/assignments/a").body("{\"plugin_id\":\"demo\",\"params\":{\"password\":\"pw\"}}"));
        assertEquals(201, put.status);
        assertTrue(put.json().path("params").isMissingNode());
        assertTrue(authed(new Request("GET", "/assignments/a")).json().path("params").isMissingNode());
        assertTrue(registry.validated.isEmpty());
    }

    @Test
    void secretParamsAreMaskedInListAndGet() throws IOException {
        registry.secrets.put("demo@2.0.0", Set.of("/password", "/auth/token"));
        store.byId.put("a", new Assignment("a", "demo", "1.0.0", 60_000, null,
                "{\"url\":\"https://x\",\"password\":\"hunter2\",\"auth\":{\"token\":\"abc\",\"user\":\"bob\"}}", null, null,
                true, "fake"));
        JsonNode one = authed(new Request("GET", "/assignments/a")).json().path("params");
        assertEquals("********", one.path("password").asText(), "a field secret in any version is masked");
        assertEquals("********", one.path("auth").path("token").asText());
        assertEquals("bob", one.path("auth").path("user").asText());
        assertEquals("https://x", one.path("url").asText());
        Response list = authed(new Request("GET", "/assignments"));
        assertFalse(list.body.toString(StandardCharsets.UTF_8).contains("hunter2"));
        assertFalse(list.body.toString(StandardCharsets.UTF_8).contains("abc"));
    }

    @Test
    void aMaskedSecretSentBackKeepsTheStoredValue() throws IOException {
        registry.secrets.put("demo@1.0.0", Set.of("/password"));
        Response created = authed(new Request("PUT", "/assignments/a")
                .body("{\"plugin_id\":\"demo\",\"params\":{\"password\":\"hunter2\",\"url\":\"https://x\"}}"));
        assertEquals(201, created.status);
        assertEquals("********", created.json().path("params").path("password").asText(), "not echoed either");

        JsonNode fetched = authed(new Request("GET", "/assignments/a")).json();
        String edited = fetched.toString().replace("https://x", "https://y");
        assertEquals(200, authed(new Request("PUT", "/assignments/a").body(edited)).status);

        JsonNode stored = Json.mapper().readTree(store.byId.get("a").params());
        assertEquals("hunter2", stored.path("password").asText());
        assertEquals("https://y", stored.path("url").asText());
        assertEquals("hunter2", Json.mapper().readTree(registry.validated.get(1).params()).path("password").asText(),
                "the registry validates the real value, not the mask");
    }

    @Test
    void aNewSecretValueReplacesTheStoredOne() throws IOException {
        registry.secrets.put("demo@1.0.0", Set.of("/password"));
        authed(new Request("PUT", "/assignments/a").body("{\"plugin_id\":\"demo\",\"params\":{\"password\":\"old\"}}"));
        authed(new Request("PUT", "/assignments/a").body("{\"plugin_id\":\"demo\",\"params\":{\"password\":\"new\"}}"));
        assertEquals("{\"password\":\"new\"}", store.byId.get("a").params());
    }

    @Test
    void theMaskWithoutAStoredSecretIs422() throws IOException {
        registry.secrets.put("demo@1.0.0", Set.of("/password"));
        Response r = authed(new Request("PUT", "/assignments/a").body("{\"plugin_id\":\"demo\",\"params\":{\"password\":\"********\"}}"));
        assertEquals(422, r.status);
        assertTrue(message(r).startsWith("params/password: "), message(r));
        assertTrue(store.byId.isEmpty());
    }

    @Test
    void signatureRefusalsAre422AndInternalFailuresAre500() throws IOException {
        for (String code : new String[] {"signature_required", "untrusted_key", "bad_signature"}) {
            registry.onInstall = zip -> {
                throw new InvalidPluginException(code, "signature.json", "refused");
            };
            Response r = authed(new Request("POST", "/plugins").body("application/zip", new byte[] {1}));
            assertEquals(422, r.status, code);
            assertEquals(code, r.errorCode());
        }
        registry.onInstall = zip -> {
            throw new InvalidPluginException("internal", "disk full");
        };
        assertEquals(500, authed(new Request("POST", "/plugins").body("application/zip", new byte[] {1})).status);
    }
}
