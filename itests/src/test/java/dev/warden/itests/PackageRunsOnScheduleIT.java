package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.AssignmentRunner;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.LogLine;
import dev.warden.api.dto.Status;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** A package uploaded over the REST API runs on its interval; its results reach the journal and the API. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PackageRunsOnScheduleIT extends TestSupport {

    private static final String ASSIGNMENT = "schedule-hello";

    @Inject
    private PluginRegistry registry;

    @Inject
    private AssignmentRunner runner;

    @Inject
    private ResultStore results;

    @Test
    public void uploadedPackageRunsEverySecondAndItsResultsAreStoredAndServed() throws Exception {
        configure("dev.warden.registry", PluginRegistry.class, Map.of("require_signature", false));
        configure("dev.warden.scheduler", AssignmentRunner.class, Map.of("jitter_percent", 0));
        WardenApi api = api();

        PluginZip hello = plugin("hello").wasm("hello-v1");
        WardenApi.Response uploaded = api.postZip("/api/v1/plugins", hello.bytes());
        assertEquals(uploaded.toString(), 201, uploaded.status());
        JsonNode info = uploaded.json();
        assertEquals("hello", info.path("id").asText());
        assertEquals("1.0.0", info.path("version").asText());
        String sha256 = HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(PluginZip.wasmBytes("hello-v1")));
        assertEquals(sha256, info.path("sha256").asText());

        ObjectNode body = WardenApi.json().createObjectNode();
        body.put("plugin_id", "hello");
        body.put("interval_ms", 1000);
        body.putObject("params").put("target", "itest");
        body.put("enabled", true);
        WardenApi.Response put = api.putJson("/api/v1/assignments/" + ASSIGNMENT, body);
        assertTrue(put.toString(), put.status() == 200 || put.status() == 201);
        Instant assigned = Instant.now();

        CheckResult first = awaitValue("a first scheduled result in the journal", Duration.ofSeconds(5),
                () -> results.latest(ASSIGNMENT, 1).stream().findFirst().orElse(null));
        assertEquals(first.toString(), Status.OK, first.status());
        assertEquals("hello v1", first.summary());
        assertEquals("hello", first.pluginId());
        assertEquals("1.0.0", first.pluginVersion());
        assertEquals(ASSIGNMENT, first.assignmentId());
        assertTrue("log + submit_result were host calls: " + first.stats(), first.stats().hostCalls() >= 2);
        assertTrue(first.logs().toString(), first.logs().contains(new LogLine("info", "hello v1 running")));

        // Interval 1000 ms with no jitter: three runs take about two seconds after the first.
        List<CheckResult> three = awaitValue("three scheduled results", Duration.ofSeconds(6), () -> {
            List<CheckResult> r = results.latest(ASSIGNMENT, 3);
            return r.size() == 3 ? r : null;
        });
        Duration spread = Duration.between(Instant.parse(three.get(2).observedAt()),
                Instant.parse(three.get(0).observedAt()));
        assertTrue("runs are about a second apart, newest first: " + spread,
                spread.toMillis() >= 1500 && spread.toMillis() <= 3500);
        assertTrue("took " + Duration.between(assigned, Instant.now()),
                Duration.between(assigned, Instant.now()).toMillis() < 8000);

        WardenApi.Response served = api.get("/api/v1/results?assignment=" + ASSIGNMENT + "&limit=2");
        assertEquals(served.toString(), 200, served.status());
        JsonNode list = served.json().path("results");
        assertEquals(served.body(), 2, list.size());
        JsonNode newest = list.get(0);
        assertEquals("OK", newest.path("status").asText());
        assertEquals("hello v1", newest.path("summary").asText());
        assertEquals("hello", newest.path("plugin_id").asText());
        assertEquals(ASSIGNMENT, newest.path("assignment_id").asText());
        assertTrue(newest.toString(), newest.path("stats").path("wall_ms").isIntegralNumber());
        assertTrue(newest.toString(), newest.path("stats").path("host_calls").asLong() >= 1);
        assertTrue("newest first: " + list, Instant.parse(newest.path("observed_at").asText())
                .isAfter(Instant.parse(list.get(1).path("observed_at").asText())));
        String servedId = newest.path("id").asText();
        assertTrue("the API serves what the journal stored: " + servedId, results.latest(ASSIGNMENT, 10).stream()
                .anyMatch(r -> servedId.equals(r.id())));
    }

    @Test
    public void runNowOverTheApiAnswersTheResult() throws Exception {
        configure("dev.warden.registry", PluginRegistry.class, Map.of("require_signature", false));
        WardenApi api = api();
        WardenApi.Response uploaded = api.postZip("/api/v1/plugins",
                plugin("hello-now").wasm("hello-v2").capabilities("log", "submit_result").bytes());
        assertEquals(uploaded.toString(), 201, uploaded.status());
        ObjectNode body = WardenApi.json().createObjectNode();
        body.put("plugin_id", "hello-now");
        body.put("interval_ms", 3_600_000);
        body.put("enabled", false);
        WardenApi.Response put = api.putJson("/api/v1/assignments/hello-now", body);
        assertTrue(put.toString(), put.status() == 200 || put.status() == 201);

        WardenApi.Response ran = api.post("/api/v1/assignments/hello-now/run");
        assertEquals(ran.toString(), 200, ran.status());
        JsonNode result = ran.json();
        assertEquals("OK", result.path("status").asText());
        assertEquals("hello v2", result.path("summary").asText());
        assertEquals("hello-now", result.path("assignment_id").asText());
        assertTrue(result.toString(), result.path("stats").path("host_calls").asLong() >= 2);
        assertEquals("a disabled assignment runs only when asked", 1, results.latest("hello-now", 10).size());
    }

    @Test
    public void resultsNeedTheToken() {
        WardenApi api = api();
        assertEquals(401, api.getWithoutToken("/api/v1/results?assignment=" + ASSIGNMENT).status());
    }
}
