package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.PluginRegistry;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * What PUT /api/v1/assignments accepts: grants within what the manifest requests, params valid
 * against the package's {@code config.schema.json}; and secret params never come back out, yet
 * survive a GET-edit-PUT round trip.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AssignmentValidationIT extends TestSupport {

    private static final String MASK = "********";
    private static final String SECRET = "s3cr3t-value-1234";

    private static final String SCHEMA = """
            {
              "type": "object",
              "properties": {
                "target": {"type": "string"},
                "count": {"type": "integer", "minimum": 1},
                "password": {"type": "string", "writeOnly": true},
                "auth": {
                  "type": "object",
                  "properties": {"token": {"type": "string", "x-secret": true}}
                }
              },
              "required": ["target"],
              "additionalProperties": false
            }
            """;

    @Inject
    private PluginRegistry registry;

    @Test
    public void grantsMustStayWithinWhatTheManifestRequests() throws Exception {
        WardenApi api = withProbeInstalled();

        ObjectNode extraCapability = assignment("{\"target\":\"a\"}");
        extraCapability.putObject("grants").putArray("capabilities").add("get_config").add("submit_result")
                .add("http_request");
        assertInvalid(api.putJson("/api/v1/assignments/grants-cap", extraCapability), "http_request");

        ObjectNode extraDomain = assignment("{\"target\":\"a\"}");
        extraDomain.putObject("grants").putObject("permissions").putArray("allowed_domains").add("evil.example.net");
        assertInvalid(api.putJson("/api/v1/assignments/grants-domain", extraDomain), "evil.example.net");

        ObjectNode extraPort = assignment("{\"target\":\"a\"}");
        extraPort.putObject("grants").putObject("permissions").putArray("allowed_ports").add(22);
        assertInvalid(api.putJson("/api/v1/assignments/grants-port", extraPort), "22");

        ObjectNode tls = assignment("{\"target\":\"a\"}");
        tls.putObject("grants").putObject("permissions").put("tls_insecure", true);
        assertInvalid(api.putJson("/api/v1/assignments/grants-tls", tls), "tls_insecure");

        for (String refused : List.of("grants-cap", "grants-domain", "grants-port", "grants-tls")) {
            assertEquals("a refused assignment is not stored", 404, api.get("/api/v1/assignments/" + refused).status());
        }

        ObjectNode subset = assignment("{\"target\":\"a\"}");
        ObjectNode grants = subset.putObject("grants");
        grants.putArray("capabilities").add("get_config").add("submit_result");
        ObjectNode permissions = grants.putObject("permissions");
        permissions.putArray("allowed_domains").add("api.example.com");
        permissions.putArray("allowed_ports").add(443);
        WardenApi.Response accepted = api.putJson("/api/v1/assignments/grants-subset", subset);
        assertEquals(accepted.toString(), 201, accepted.status());
        WardenApi.Response ran = api.post("/api/v1/assignments/grants-subset/run");
        assertEquals(ran.toString(), 200, ran.status());
        assertEquals(ran.body(), "OK", ran.json().path("status").asText());
    }

    @Test
    public void paramsAreValidatedAgainstTheConfigSchemaNamingThePath() throws Exception {
        WardenApi api = withProbeInstalled();

        assertInvalid(api.putJson("/api/v1/assignments/params-min", assignment("{\"target\":\"a\",\"count\":0}")),
                "count");
        assertInvalid(api.putJson("/api/v1/assignments/params-type",
                assignment("{\"target\":\"a\",\"count\":\"three\"}")), "count");
        assertInvalid(api.putJson("/api/v1/assignments/params-required", assignment("{\"count\":2}")), "target");
        assertInvalid(api.putJson("/api/v1/assignments/params-extra",
                assignment("{\"target\":\"a\",\"colour\":\"blue\"}")), "colour");
        assertInvalid(api.putJson("/api/v1/assignments/params-nested",
                assignment("{\"target\":\"a\",\"auth\":{\"token\":7}}")), "token");

        WardenApi.Response valid = api.putJson("/api/v1/assignments/params-ok", assignment("{\"target\":\"a\",\"count\":3}"));
        assertEquals(valid.toString(), 201, valid.status());
        assertEquals(3, valid.json().path("params").path("count").asInt());

        WardenApi.Response changedToInvalid = api.putJson("/api/v1/assignments/params-ok",
                assignment("{\"target\":\"a\",\"count\":-1}"));
        assertEquals("a change is validated too: " + changedToInvalid, 422, changedToInvalid.status());
        assertEquals("the stored assignment is unchanged", 3,
                api.get("/api/v1/assignments/params-ok").json().path("params").path("count").asInt());
    }

    @Test
    public void secretParamsAreMaskedAndARoundTripKeepsThem() throws Exception {
        WardenApi api = withProbeInstalled();
        String path = "/api/v1/assignments/secret-roundtrip";

        WardenApi.Response created = api.putJson(path,
                assignment("{\"target\":\"a\",\"password\":\"" + SECRET + "\",\"auth\":{\"token\":\"tok-123\"}}"));
        assertEquals(created.toString(), 201, created.status());
        assertMasked(created.json());
        assertFalse(created.body(), created.body().contains(SECRET));

        JsonNode fetched = api.get(path).json();
        assertMasked(fetched);
        assertEquals("the other params are shown", "a", fetched.path("params").path("target").asText());
        WardenApi.Response list = api.get("/api/v1/assignments");
        assertFalse("the list does not leak it either", list.body().contains(SECRET) || list.body().contains("tok-123"));
        assertEquals("the plugin receives the real value", SECRET.length(), passwordLength(api));

        // Send back what GET returned, with one ordinary field changed.
        ObjectNode edited = fetched.deepCopy();
        ((ObjectNode) edited.path("params")).put("target", "b");
        WardenApi.Response roundTrip = api.putJson(path, edited);
        assertEquals(roundTrip.toString(), 200, roundTrip.status());
        assertMasked(roundTrip.json());
        assertEquals("b", roundTrip.json().path("params").path("target").asText());
        assertEquals("the mask kept the stored secret", SECRET.length(), passwordLength(api));

        WardenApi.Response replaced = api.putJson(path, assignment("{\"target\":\"b\",\"password\":\"new\"}"));
        assertEquals(replaced.toString(), 200, replaced.status());
        assertEquals(MASK, replaced.json().path("params").path("password").asText());
        assertEquals("a new value replaces it", 3, passwordLength(api));
    }

    // ---- helpers -------------------------------------------------------------------------------

    /**
     * The secret probe: requests get_config + submit_result and a domain and port it never uses,
     * so grants can be checked against them.
     */
    private WardenApi withProbeInstalled() throws Exception {
        ensureInstalled(registry, plugin("secret").capabilities("get_config", "submit_result")
                .permissions(List.of("api.example.com"), List.of(443)).configSchema(SCHEMA));
        return api();
    }

    private static ObjectNode assignment(String params) throws Exception {
        ObjectNode body = WardenApi.json().createObjectNode();
        body.put("plugin_id", "secret");
        body.put("interval_ms", 3_600_000);
        body.put("enabled", false);
        body.set("params", WardenApi.json().readTree(params));
        return body;
    }

    private static long passwordLength(WardenApi api) {
        WardenApi.Response ran = api.post("/api/v1/assignments/secret-roundtrip/run");
        assertEquals(ran.toString(), 200, ran.status());
        JsonNode result = ran.json();
        assertEquals(ran.body(), "OK", result.path("status").asText());
        for (JsonNode m : result.path("metrics")) {
            if ("password_len".equals(m.path("name").asText())) {
                return m.path("value").asLong();
            }
        }
        throw new AssertionError("no password_len metric: " + ran.body());
    }

    private static void assertMasked(JsonNode assignment) {
        assertEquals(assignment.toString(), MASK, assignment.path("params").path("password").asText());
        assertEquals(assignment.toString(), MASK, assignment.path("params").path("auth").path("token").asText());
    }

    private static void assertInvalid(WardenApi.Response response, String named) {
        assertEquals(response.toString(), 422, response.status());
        String message = response.json().path("error").path("message").asText();
        assertTrue("the error names " + named + ": " + response, message.contains(named));
    }
}
