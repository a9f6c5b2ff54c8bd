package dev.warden.capability.result.internal;

import dev.warden.testing.FakeCallContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Metric;
import dev.warden.api.dto.Status;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.ValType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SubmitResultCapabilityTest {

    private final SubmitResultCapability capability = new SubmitResultCapability();
    private final FakeCallContext ctx = new FakeCallContext(512 * 1024);

    private int submit(String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(bytes, 0, ctx.memory, 100, bytes.length);
        return call(100, bytes.length);
    }

    private int call(int ptr, int len) {
        return (int) capability.functions().get(0).handler().call(ctx, new long[] {ptr, len})[0];
    }

    private void assertRejected(String json, String reasonFragment) {
        assertEquals(AbiCodes.INVALID, submit(json));
        assertTrue(ctx.results.isEmpty(), "nothing submitted");
        FakeCallContext.Logged warning = ctx.logs.get(ctx.logs.size() - 1);
        assertEquals(LogLevel.WARN, warning.level());
        assertTrue(warning.message().contains(reasonFragment), warning.message());
    }

    @Test
    void declaresSubmitResultInEnvWithAbiSignature() {
        assertEquals("submit_result", capability.name());
        HostFunction fn = capability.functions().get(0);
        assertEquals("env", fn.module());
        assertEquals("submit_result", fn.name());
        assertEquals(List.of(ValType.I32, ValType.I32), fn.params());
        assertEquals(List.of(ValType.I32), fn.results());
    }

    @Test
    void acceptsFullServiceRadarResult() {
        int rc = submit("""
                {"status":"warning","summary":"http 200 in 42ms","perfdata":"latency_ms=42ms;200;500;0",
                 "metrics":[{"name":"latency_ms","value":42,"unit":"ms","warn":200,"crit":500,"min":0,"max":1000}],
                 "labels":{"target":"api.example.com"},"observed_at":"2026-01-01T01:00:00+01:00"}""");
        assertEquals(AbiCodes.OK, rc);
        CheckResult r = ctx.results.get(0);
        assertEquals(Status.WARNING, r.status());
        assertEquals("http 200 in 42ms", r.summary());
        assertEquals("latency_ms=42ms;200;500;0", r.perfdata());
        assertEquals(List.of(new Metric("latency_ms", 42, "ms", 200.0, 500.0, 0.0, 1000.0)), r.metrics());
        assertEquals(Map.of("target", "api.example.com"), r.labels());
        assertEquals("2026-01-01T00:00:00Z", r.observedAt());
    }

    @Test
    void leavesHostOwnedFieldsUnsetEvenWhenPluginSendsThem() {
        assertEquals(AbiCodes.OK, submit("""
                {"status":"OK","plugin_id":"spoofed","assignment_id":"x","stats":{"wall_ms":1},"future_field":[1]}"""));
        CheckResult r = ctx.results.get(0);
        assertEquals(Status.OK, r.status());
        assertNull(r.pluginId());
        assertNull(r.assignmentId());
        assertNull(r.stats());
        assertNull(r.id());
    }

    @Test
    void statusOnlyIsEnoughAndTrailingNulsAreTolerated() {
        assertEquals(AbiCodes.OK, submit("{\"status\":\"critical\"}\0\0"));
        assertEquals(Status.CRITICAL, ctx.results.get(0).status());
        assertTrue(ctx.results.get(0).metrics().isEmpty());
    }

    @Test
    void everySubmissionIsPassedOnSoTheHostCanKeepTheLast() {
        submit("{\"status\":\"OK\"}");
        submit("{\"status\":\"UNKNOWN\",\"summary\":\"second\"}");
        assertEquals(2, ctx.results.size());
        assertEquals("second", ctx.results.get(1).summary());
    }

    @Test
    void invalidJsonIsRejected() {
        assertRejected("{\"status\":", "not valid JSON");
        assertRejected("{\"status\":\"OK\"} trailing", "not valid JSON");
        assertRejected("", "empty");
    }

    @Test
    void missingOrUnknownStatusIsRejected() {
        assertRejected("{\"summary\":\"no status\"}", "status is required");
        assertRejected("{\"status\":\"FINE\"}", "status must be one of");
        assertRejected("{\"status\":1}", "status must be one of");
        assertRejected("[\"OK\"]", "JSON object");
    }

    @Test
    void wrongShapesAreRejectedNamingTheField() {
        assertRejected("{\"status\":\"OK\",\"summary\":5}", "summary must be a string");
        assertRejected("{\"status\":\"OK\",\"metrics\":{}}", "metrics must be an array");
        assertRejected("{\"status\":\"OK\",\"metrics\":[{\"name\":\"a\"}]}", "metrics[0].value is required");
        assertRejected("{\"status\":\"OK\",\"metrics\":[{\"name\":\"a\",\"value\":\"1\"}]}",
                "metrics[0].value must be a number");
        assertRejected("{\"status\":\"OK\",\"metrics\":[{\"value\":1}]}", "metrics[0].name");
        assertRejected("{\"status\":\"OK\",\"labels\":{\"k\":1}}", "labels.k must be a string");
        assertRejected("{\"status\":\"OK\",\"observed_at\":\"yesterday\"}", "observed_at");
    }

    @Test
    void oversizedResultIsTooLarge() {
        assertEquals(AbiCodes.TOO_LARGE, call(0, SubmitResultCapability.MAX_RESULT_BYTES + 1));
        assertTrue(ctx.results.isEmpty());
        assertTrue(ctx.logs.get(0).message().contains("limit"));
    }

    @Test
    void badPointersAreInvalid() {
        assertEquals(AbiCodes.INVALID, call(ctx.memory.length - 4, 100));
        assertEquals(AbiCodes.INVALID, call(0, -1));
        assertTrue(ctx.results.isEmpty());
    }
}
