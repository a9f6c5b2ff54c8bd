package dev.warden.capability.http.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.Header;
import dev.warden.api.egress.HttpCall;
import dev.warden.api.egress.HttpExchange;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import dev.warden.testing.FakeCallContext;
import dev.warden.testing.FakeEgress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRequestCapabilityTest {

    private static final int REQ = 0;
    private static final int RESP = 8192;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final FakeEgress egress = new FakeEgress();
    private final HttpRequestCapability capability = new HttpRequestCapability(egress);
    private final FakeCallContext ctx = new FakeCallContext(64 * 1024);

    private int request(String json, int respCap) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ctx.write(REQ, bytes);
        HostFunction fn = capability.functions().get(0);
        return (int) fn.handler().call(ctx, new long[] {REQ, bytes.length, RESP, respCap})[0];
    }

    private int request(String json) {
        return request(json, 16 * 1024);
    }

    private byte[] response(int length) {
        return Arrays.copyOfRange(ctx.memory, RESP, RESP + length);
    }

    private HttpCall onlyCall() {
        assertEquals(1, egress.session.httpCalls.size());
        return egress.session.httpCalls.get(0);
    }

    private void answer(int status, List<Header> headers, String body) {
        egress.session.http = call -> new HttpExchange(status, headers, body.getBytes(StandardCharsets.UTF_8),
                call.url(), 0);
    }

    @Test
    void declaresHttpRequestInEnvWithAbiSignature() {
        assertEquals("http_request", capability.name());
        HostFunction fn = capability.functions().get(0);
        assertEquals("env", fn.module());
        assertEquals("http_request", fn.name());
        assertEquals(List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), fn.params());
        assertEquals(List.of(ValType.I32), fn.results());
    }

    @Test
    void minimalRequestDefaultsToGetWithRedirectsAndVerifiedTls() {
        request("{\"url\":\"https://api.example.com/health\"}");

        HttpCall call = onlyCall();
        assertEquals("GET", call.method());
        assertEquals("https://api.example.com/health", call.url());
        assertEquals(List.of(), call.headers());
        assertEquals(0, call.body().length);
        assertTrue(call.followRedirects());
        assertFalse(call.insecureSkipVerify());
        assertEquals(1000, call.timeoutMs(), "no timeout_ms: the time left in the run");
        assertEquals(List.of(ctx), egress.sessionsAskedFor, "the session of this run");
    }

    @Test
    void fullServiceRadarRequestIsPassedOn() {
        request("{\"method\":\"post\",\"url\":\"https://api.example.com/v1\",\"headers\":{\"content-type\":"
                + "\"application/json\",\"X-Token\":\"abc\"},\"body\":\"{\\\"q\\\":\\\"caf\u00e9\\\"}\","
                + "\"response_mode\":\"status_body\",\"timeout_ms\":250,\"insecure_skip_verify\":true,"
                + "\"follow_redirects\":false,\"unknown_future_field\":1}");

        HttpCall call = onlyCall();
        assertEquals("POST", call.method());
        assertEquals(List.of(new Header("content-type", "application/json"), new Header("X-Token", "abc")),
                call.headers());
        assertEquals("{\"q\":\"caf\u00e9\"}", new String(call.body(), StandardCharsets.UTF_8));
        assertEquals(250, call.timeoutMs());
        assertTrue(call.insecureSkipVerify(), "the wish is passed on; only the egress decides with the grant");
        assertFalse(call.followRedirects());
    }

    @Test
    void timeoutNeverExceedsTheTimeLeftInTheRun() {
        request("{\"url\":\"http://a.example/\",\"timeout_ms\":60000}");

        assertEquals(1000, onlyCall().timeoutMs());
    }

    @Test
    void bodyBase64CarriesBinaryAndWinsOverBody() {
        byte[] binary = {0, (byte) 0xff, 10, 13};
        request("{\"url\":\"http://a.example/\",\"body\":\"ignored\",\"body_base64\":\""
                + Base64.getEncoder().encodeToString(binary) + "\"}");

        assertArrayEquals(binary, onlyCall().body());
    }

    @Test
    void headersAsListOfPairs() {
        request("{\"url\":\"http://a.example/\",\"headers\":[[\"Accept\",\"text/plain\"],[\"Accept\",\"*/*\"]]}");

        assertEquals(List.of(new Header("Accept", "text/plain"), new Header("Accept", "*/*")), onlyCall().headers());
    }

    @Test
    void headersAsListOfNameValueObjects() {
        request("{\"url\":\"http://a.example/\",\"headers\":[{\"name\":\"A\",\"value\":\"1\"},"
                + "{\"name\":\"B\",\"value\":\"2\"}]}");

        assertEquals(List.of(new Header("A", "1"), new Header("B", "2")), onlyCall().headers());
    }

    @Test
    void headerObjectValueMayListSeveralValues() {
        request("{\"url\":\"http://a.example/\",\"headers\":{\"Accept\":[\"a\",\"b\"]}}");

        assertEquals(List.of(new Header("Accept", "a"), new Header("Accept", "b")), onlyCall().headers());
    }

    @Test
    void blankHeaderNamesAreSkippedAsServiceRadarDoes() {
        request("{\"url\":\"http://a.example/\",\"headers\":{\" \":\"x\",\"A\":\"1\"}}");

        assertEquals(List.of(new Header("A", "1")), onlyCall().headers());
    }

    @Test
    void headerInjectionIsLeftToTheEgressPolicy() {
        egress.session.failure = new EgressException(AbiCodes.DENIED, "header", "CR/LF in a header");

        int rc = request("{\"url\":\"http://a.example/\",\"headers\":{\"X\":\"a\\r\\nHost: evil\"}}");

        assertEquals(AbiCodes.DENIED, rc);
        assertEquals(List.of(new Header("X", "a\r\nHost: evil")), onlyCall().headers());
    }

    @Test
    void jsonModeAnswersServiceRadarEnvelope() throws Exception {
        answer(200, List.of(new Header("Content-Type", "text/plain"), new Header("Set-Cookie", "a=1"),
                new Header("set-cookie", "b=2")), "hello");

        int n = request("{\"url\":\"http://a.example/\"}");

        assertTrue(n > 0);
        JsonNode json = MAPPER.readTree(response(n));
        assertEquals(200, json.get("status").intValue());
        assertEquals("text/plain", json.get("headers").get("Content-Type").textValue());
        assertEquals("a=1,b=2", json.get("headers").get("Set-Cookie").textValue(),
                "repeated values comma-joined under the first spelling, as the SDKs expect strings");
        assertEquals("hello", new String(Base64.getDecoder().decode(json.get("body_base64").textValue()),
                StandardCharsets.UTF_8));
        assertEquals("base64", json.get("body_encoding").textValue());
        assertEquals("http://a.example/", json.get("final_url").textValue());
        assertEquals(n, MAPPER.writeValueAsBytes(json).length, "the return value counts exactly the JSON bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "envelope", ""})
    void jsonAndEnvelopeAndBlankModesAnswerJson(String mode) throws Exception {
        answer(204, List.of(), "");

        int n = request("{\"url\":\"http://a.example/\",\"response_mode\":\"" + mode + "\"}");

        assertEquals(204, MAPPER.readTree(response(n)).get("status").intValue());
    }

    @Test
    void statusBodyModeAnswersStatusLineThenRawBody() {
        answer(503, List.of(new Header("Retry-After", "30")), "down \u00e9");

        int n = request("{\"url\":\"http://a.example/\",\"response_mode\":\"status_body\"}");

        byte[] expected = "503\ndown \u00e9".getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, n);
        assertArrayEquals(expected, response(n));
    }

    @Test
    void responseThatExactlyFitsIsWritten() {
        answer(200, List.of(), "ok");

        assertEquals(6, request("{\"url\":\"http://a.example/\",\"response_mode\":\"status_body\"}", 6));
    }

    @Test
    void responseLargerThanTheBufferReturnsTooLargeAndWritesNothing() {
        answer(200, List.of(), "0123456789");

        int rc = request("{\"url\":\"http://a.example/\",\"response_mode\":\"status_body\"}", 10);

        assertEquals(AbiCodes.TOO_LARGE, rc);
        assertArrayEquals(new byte[64], response(64));
        assertTrue(ctx.logs.get(0).message().contains("does not fit resp_cap 10"), ctx.logs.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[1,2]",
        "\"text\"",
        "{}",
        "{\"url\":\"  \"}",
        "{\"url\":42}",
        "{\"url\":\"http://a.example/\"} trailing",
        "{\"url\":\"http://a.example/\",\"method\":\"GE T\"}",
        "{\"url\":\"http://a.example/\",\"method\":7}",
        "{\"url\":\"http://a.example/\",\"headers\":\"Accept: x\"}",
        "{\"url\":\"http://a.example/\",\"headers\":{\"A\":1}}",
        "{\"url\":\"http://a.example/\",\"headers\":[[\"A\"]]}",
        "{\"url\":\"http://a.example/\",\"body\":{}}",
        "{\"url\":\"http://a.example/\",\"body_base64\":\"***\"}",
        "{\"url\":\"http://a.example/\",\"timeout_ms\":-1}",
        "{\"url\":\"http://a.example/\",\"timeout_ms\":\"5s\"}",
        "{\"url\":\"http://a.example/\",\"timeout_ms\":1.5}",
        "{\"url\":\"http://a.example/\",\"response_mode\":\"xml\"}",
        "{\"url\":\"http://a.example/\",\"follow_redirects\":\"yes\"}",
        "{\"url\":\"http://a.example/\",\"insecure_skip_verify\":1}"
    })
    void invalidRequestReturnsInvalidWithoutReachingTheEgress(String json) {
        assertEquals(AbiCodes.INVALID, request(json));
        assertEquals(List.of(), egress.session.httpCalls);
        assertEquals(1, ctx.logs.size(), "the reason lands in the run's log");
    }

    @ParameterizedTest
    @ValueSource(ints = {AbiCodes.DENIED, AbiCodes.TOO_LARGE, AbiCodes.TIMEOUT, AbiCodes.INTERNAL, AbiCodes.INVALID})
    void egressRefusalReturnsItsCode(int code) {
        egress.session.failure = new EgressException(code, code == AbiCodes.DENIED ? "allowed_ports" : null, "no");

        assertEquals(code, request("{\"url\":\"http://a.example:8080/\"}"));
        assertArrayEquals(new byte[64], response(64));
    }

    @Test
    void egressCodeOutsideTheAbiBecomesInternal() {
        egress.session.failure = new EgressException(0, null, "a buggy code");
        assertEquals(AbiCodes.INTERNAL, request("{\"url\":\"http://a.example/\"}"));

        egress.session.failure = new EgressException(-99, null, "a buggy code");
        assertEquals(AbiCodes.INTERNAL, request("{\"url\":\"http://a.example/\"}"));
    }

    @Test
    void requestOutsideGuestMemoryIsInvalid() {
        HostFunction fn = capability.functions().get(0);

        assertEquals(AbiCodes.INVALID, (int) fn.handler().call(ctx, new long[] {64 * 1024 - 4, 100, RESP, 100})[0]);
        assertEquals(AbiCodes.INVALID, (int) fn.handler().call(ctx, new long[] {-1, 10, RESP, 100})[0]);
        assertEquals(AbiCodes.INVALID, (int) fn.handler().call(ctx, new long[] {0, -1, RESP, 100})[0]);
        assertEquals(List.of(), egress.session.httpCalls);
    }

    @Test
    void responseBufferOutsideGuestMemoryIsInvalid() {
        byte[] json = "{\"url\":\"http://a.example/\"}".getBytes(StandardCharsets.UTF_8);
        ctx.write(0, json);
        HostFunction fn = capability.functions().get(0);

        assertEquals(AbiCodes.INVALID, (int) fn.handler().call(ctx, new long[] {0, json.length, 64 * 1024 - 2,
                1000})[0]);
        assertEquals(AbiCodes.INVALID, (int) fn.handler().call(ctx, new long[] {0, json.length, RESP, -1})[0]);
    }

    @Test
    void requestOverTwoMebibytesIsTooLargeBeforeAnythingIsRead() {
        HostFunction fn = capability.functions().get(0);

        int rc = (int) fn.handler().call(ctx, new long[] {0, HttpRequestCapability.MAX_REQUEST_BYTES + 1, RESP,
                100})[0];

        assertEquals(AbiCodes.TOO_LARGE, rc);
    }
}
