package dev.warden.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.InvalidPluginException;
import dev.warden.common.Json;
import dev.warden.web.internal.FakeHttp.Request;
import dev.warden.web.internal.FakeHttp.Response;
import dev.warden.web.internal.audit.AuditLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every admin action through the REST API leaves one audit line, whether it went through or not. */
class RestAuditTest {

    private static final String TOKEN = "s3cret-token";

    @TempDir
    Path dir;

    private final ApiServlet servlet = new ApiServlet();
    private final FakeServices.Registry registry = new FakeServices.Registry();
    private final FakeServices.Store store = new FakeServices.Store();
    private AuditLog audit;

    @BeforeEach
    void wire() {
        servlet.registry = registry;
        servlet.store = store;
        servlet.runner = new FakeServices.Runner(store);
        servlet.results = new FakeServices.Results();
        servlet.useToken(TOKEN);
        audit = new AuditLog(dir.resolve("audit.log"), 1 << 20, 3, Clock.systemUTC());
        servlet.audit = audit;
    }

    private Response authed(Request r) {
        Response resp = new Response();
        servlet.service(r.header("Authorization", "Bearer " + TOKEN).proxy(), resp.proxy());
        return resp;
    }

    private List<JsonNode> lines() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (Files.exists(audit.file())) {
            for (String line : Files.readAllLines(audit.file())) {
                out.add(Json.mapper().readTree(line));
            }
        }
        return out;
    }

    @Test
    void uploadIsAuditedWithIdVersionAndDigest() throws IOException {
        assertEquals(201, authed(new Request("POST", "/plugins").body("application/zip", new byte[] {1})).status);
        JsonNode line = lines().get(0);
        assertEquals("api-token", line.path("who").asText());
        assertEquals("127.0.0.1", line.path("remote").asText());
        assertEquals("plugin.upload", line.path("action").asText());
        assertEquals("uploaded", line.path("what").path("plugin_id").asText());
        assertEquals("1.0.0", line.path("what").path("version").asText());
        assertEquals("ab12", line.path("what").path("sha256").asText());
        assertEquals("ok", line.path("outcome").asText());
    }

    @Test
    void refusedUploadIsAuditedWithTheRegistrysCode() throws IOException {
        registry.onInstall = zip -> {
            throw new InvalidPluginException("signature_required", "unsigned upload");
        };
        assertEquals(422, authed(new Request("POST", "/plugins").body("application/zip", new byte[] {1})).status);
        JsonNode line = lines().get(0);
        assertEquals("refused", line.path("outcome").asText());
        assertEquals("signature_required", line.path("code").asText());
    }

    @Test
    void assignmentPutIsAuditedWithItsGrantsButNeverItsParams() throws IOException {
        authed(new Request("PUT", "/assignments/web").body("{\"plugin_id\":\"demo\",\"params\":{\"password\":\"hunter2\"},"
                + "\"grants\":{\"capabilities\":[\"log\"],\"permissions\":{\"allowed_domains\":[\"example.com\"]}}}"));
        JsonNode line = lines().get(0);
        assertEquals("assignment.put", line.path("action").asText());
        assertEquals("web", line.path("what").path("assignment_id").asText());
        assertEquals("log", line.path("what").path("grants").path("capabilities").get(0).asText());
        assertEquals("example.com", line.path("what").path("grants").path("permissions").path("allowed_domains").get(0).asText());
        assertFalse(Files.readString(audit.file()).contains("hunter2"));
    }

    @Test
    void malformedAssignmentPutIsAuditedAsRefused() throws IOException {
        authed(new Request("PUT", "/assignments/web").body("{not json"));
        JsonNode line = lines().get(0);
        assertEquals("assignment.put", line.path("action").asText());
        assertEquals("refused", line.path("outcome").asText());
        assertEquals("web", line.path("what").path("assignment_id").asText());
    }

    @Test
    void deleteAndRunAreAuditedIncludingMisses() throws IOException {
        authed(new Request("PUT", "/assignments/web").body("{\"plugin_id\":\"demo\"}"));
        authed(new Request("POST", "/assignments/web/run"));
        authed(new Request("DELETE", "/assignments/web"));
        authed(new Request("DELETE", "/assignments/web"));
        authed(new Request("DELETE", "/plugins/nope/1.0.0"));
        List<JsonNode> lines = lines();
        assertEquals(5, lines.size());
        assertEquals("assignment.run", lines.get(1).path("action").asText());
        assertEquals("now-1", lines.get(1).path("what").path("result_id").asText());
        assertEquals("assignment.delete", lines.get(2).path("action").asText());
        assertEquals("ok", lines.get(2).path("outcome").asText());
        assertEquals("not_found", lines.get(3).path("code").asText());
        assertEquals("plugin.delete", lines.get(4).path("action").asText());
        assertEquals("nope", lines.get(4).path("what").path("plugin_id").asText());
        assertEquals("not_found", lines.get(4).path("code").asText());
    }

    @Test
    void readsAreNotAudited() throws IOException {
        authed(new Request("GET", "/plugins"));
        authed(new Request("GET", "/assignments"));
        assertTrue(lines().isEmpty());
    }
}
