package dev.warden.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.web.internal.FakeHttp.Request;
import dev.warden.web.internal.FakeHttp.Response;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class ConsoleSecurityProviderTest {

    private final ConsoleSecurityProvider provider = new ConsoleSecurityProvider("admin", "generated-pw");

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private Response attempt(String authorization) {
        Request req = new Request("GET", "/bundles");
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        Response resp = new Response();
        Object user = provider.authenticate(req.proxy(), resp.proxy());
        resp.headers.put("X-User", String.valueOf(user));
        return resp;
    }

    @Test
    void generatedPasswordLetsTheUserIn() {
        Response r = attempt(basic("admin", "generated-pw"));
        assertEquals("admin", r.headers.get("X-User"));
        assertTrue(provider.authorize("admin", "any"));
    }

    @Test
    void adminAdminIsRefusedWithABasicChallenge() {
        Response r = attempt(basic("admin", "admin"));
        assertEquals("null", r.headers.get("X-User"));
        assertEquals(401, r.status);
        assertTrue(r.headers.get("WWW-Authenticate").startsWith("Basic "));
    }

    @Test
    void wrongUserMissingOrGarbledHeaderAreRefused() {
        assertEquals("null", attempt(basic("root", "generated-pw")).headers.get("X-User"));
        assertEquals("null", attempt(null).headers.get("X-User"));
        assertEquals("null", attempt("Basic !!!").headers.get("X-User"));
        assertEquals("null", attempt("Bearer generated-pw").headers.get("X-User"));
    }

    @Test
    void withoutAPasswordFileNobodyGetsIn() {
        ConsoleSecurityProvider locked = new ConsoleSecurityProvider("admin", null);
        Response resp = new Response();
        assertNull(locked.authenticate(new Request("GET", "/").header("Authorization", basic("admin", "")).proxy(), resp.proxy()));
        assertEquals(401, resp.status);
    }

    @Test
    void passwordsMayContainColons() {
        ConsoleSecurityProvider p = new ConsoleSecurityProvider("admin", "a:b");
        assertEquals("admin", p.authenticate(new Request("GET", "/").header("Authorization", basic("admin", "a:b")).proxy(),
                new Response().proxy()));
    }
}
