package dev.warden.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.MetricsExposition;
import dev.warden.web.internal.FakeHttp.Request;
import dev.warden.web.internal.FakeHttp.Response;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetricsServletTest {

    private static final String TOKEN = "metrics-token-123";
    private static final String TEXT = "# TYPE warden_runs_total counter\nwarden_runs_total 1.0\n";

    private final MetricsServlet servlet = new MetricsServlet();

    @BeforeEach
    void wire() {
        ApiServlet api = new ApiServlet(); // the API's own check, token and all
        api.useToken(TOKEN);
        servlet.auth = api;
        servlet.exposition = exposition(TEXT);
    }

    private Response call(Request r) {
        Response resp = new Response();
        servlet.service(r.proxy(), resp.proxy());
        return resp;
    }

    private Response authed(String method) {
        return call(new Request(method, null).header("Authorization", "Bearer " + TOKEN));
    }

    @Test
    void theApiTokenGetsTheExpositionWithItsContentType() {
        Response r = authed("GET");

        assertEquals(200, r.status);
        assertEquals("text/plain; version=0.0.4; charset=utf-8", r.contentType);
        assertEquals(TEXT, r.body.toString(StandardCharsets.UTF_8));
        assertEquals("no-store", r.headers.get("Cache-Control"));
    }

    @Test
    void withoutTokenTheAnswerIs401WithBearerChallenge() throws IOException {
        Response r = call(new Request("GET", null));

        assertEquals(401, r.status);
        assertEquals("unauthorized", r.errorCode());
        assertEquals("Bearer realm=\"warden\"", r.headers.get("WWW-Authenticate"));
        assertTrue(!r.body.toString(StandardCharsets.UTF_8).contains("warden_runs_total"));
    }

    @Test
    void aWrongTokenIsRefused() throws IOException {
        Response r = call(new Request("GET", null).header("Authorization", "Bearer not-" + TOKEN));

        assertEquals(401, r.status);
        assertEquals("unauthorized", r.errorCode());
    }

    @Test
    void withoutExpositionTheAnswerIs503Json() throws IOException {
        servlet.exposition = null;

        Response r = authed("GET");

        assertEquals(503, r.status);
        assertEquals("service_unavailable", r.errorCode());
        assertEquals("application/json;charset=utf-8", r.contentType);
    }

    @Test
    void withoutExpositionAStrangerStillGets401NotTheServiceState() throws IOException {
        servlet.exposition = null;

        Response r = call(new Request("GET", null));

        assertEquals(401, r.status);
    }

    @Test
    void withoutTheApiCheckEveryoneGets503() throws IOException {
        servlet.auth = null;

        Response r = authed("GET");

        assertEquals(503, r.status);
        assertEquals("service_unavailable", r.errorCode());
    }

    @Test
    void otherMethodsAre405() throws IOException {
        Response r = authed("POST");

        assertEquals(405, r.status);
        assertEquals("method_not_allowed", r.errorCode());
        assertEquals("GET, HEAD", r.headers.get("Allow"));
    }

    @Test
    void headAnswersWithoutBody() {
        Response r = authed("HEAD");

        assertEquals(200, r.status);
        assertEquals(0, r.body.size());
    }

    @Test
    void aFailingExpositionBecomes500Json() throws IOException {
        servlet.exposition = new MetricsExposition() {
            @Override
            public String contentType() {
                return "text/plain";
            }

            @Override
            public void write(OutputStream out) throws IOException {
                out.write("half".getBytes(StandardCharsets.UTF_8));
                throw new IOException("disk gone");
            }
        };

        Response r = authed("GET");

        assertEquals(500, r.status);
        assertEquals("internal_error", r.errorCode());
    }

    private static MetricsExposition exposition(String text) {
        return new MetricsExposition() {
            @Override
            public String contentType() {
                return "text/plain; version=0.0.4; charset=utf-8";
            }

            @Override
            public void write(OutputStream out) throws IOException {
                out.write(text.getBytes(StandardCharsets.UTF_8));
            }
        };
    }
}
