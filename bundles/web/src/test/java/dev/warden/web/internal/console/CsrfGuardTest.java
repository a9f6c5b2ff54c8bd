package dev.warden.web.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class CsrfGuardTest {

    private final ConsoleHttp http = new ConsoleHttp();

    @Test
    void tokenIsStablePerUserAndDiffersByUserAndKey() {
        byte[] key = new byte[32];
        CsrfGuard guard = new CsrfGuard(key);
        assertEquals(guard.token("admin"), new CsrfGuard(key).token("admin"));
        assertNotEquals(guard.token("admin"), guard.token("other"));
        byte[] otherKey = Arrays.copyOf(key, 32);
        otherKey[0] = 1;
        assertNotEquals(guard.token("admin"), new CsrfGuard(otherKey).token("admin"));
        assertNotEquals(CsrfGuard.random().token("admin"), CsrfGuard.random().token("admin"));
    }

    @Test
    void onlyTheUsersOwnTokenIsValid() {
        CsrfGuard guard = CsrfGuard.random();
        assertTrue(guard.validToken("admin", guard.token("admin")));
        assertFalse(guard.validToken("admin", guard.token("mallory")));
        assertFalse(guard.validToken("admin", null));
        assertFalse(guard.validToken("admin", ""));
        assertFalse(guard.validToken("admin", guard.token("admin").substring(1)));
    }

    @Test
    void sameOriginAcceptsThisHostAndNoHeadersButNotOtherSites() {
        assertTrue(CsrfGuard.sameOrigin(http.post("/upload").proxy()));
        assertTrue(CsrfGuard.sameOrigin(http.post("/upload").header("Origin", null).proxy()), "no Origin, no Referer");
        assertTrue(CsrfGuard.sameOrigin(http.post("/upload").header("Origin", null)
                .header("Referer", "http://localhost:8080/system/console/warden").proxy()));
        assertTrue(CsrfGuard.sameOrigin(http.post("/upload").header("Host", "agent.example")
                .header("Origin", "https://agent.example:443").proxy()));
        assertFalse(CsrfGuard.sameOrigin(http.post("/upload").header("Origin", "http://evil.example").proxy()));
        assertFalse(CsrfGuard.sameOrigin(http.post("/upload").header("Origin", "null").proxy()));
        assertFalse(CsrfGuard.sameOrigin(http.post("/upload").header("Origin", "http://localhost:8081").proxy()));
        assertFalse(CsrfGuard.sameOrigin(http.post("/upload").header("Origin", null)
                .header("Referer", "http://evil.example/x?http://localhost:8080").proxy()));
        assertFalse(CsrfGuard.sameOrigin(http.post("/upload").header("Host", null).proxy()), "an Origin but no Host to match");
    }
}
