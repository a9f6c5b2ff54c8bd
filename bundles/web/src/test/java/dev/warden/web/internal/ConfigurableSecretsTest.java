package dev.warden.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.web.internal.FakeHttp.Request;
import dev.warden.web.internal.FakeHttp.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The api_token and console_password attributes of dev.warden.web: they replace the generated files while set. */
class ConfigurableSecretsTest {

    private static final String CONFIGURED_TOKEN = "configured-token-0123456789";
    private static final String CONFIGURED_PASSWORD = "configured-password-42";

    @TempDir
    Path conf;

    private static int get(ApiServlet servlet, String token) {
        Request req = new Request("GET", "/plugins");
        if (token != null) {
            req.header("Authorization", "Bearer " + token);
        }
        Response resp = new Response();
        servlet.service(req.proxy(), resp.proxy());
        return resp.status;
    }

    private static boolean login(ConsoleSecurityProvider provider, String user, String password) {
        String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Request req = new Request("GET", "/system/console").header("Authorization", "Basic " + basic);
        return provider.authenticate(req.proxy(), new Response().proxy()) != null;
    }

    private ApiServlet servlet(Map<String, ?> config) {
        ApiServlet servlet = new ApiServlet();
        servlet.registry = new FakeServices.Registry();
        servlet.start(TestConfigs.web(config), conf.resolve("api-token"));
        return servlet;
    }

    private String file(String name) throws IOException {
        return Files.readString(conf.resolve(name), StandardCharsets.UTF_8).trim();
    }

    @Test
    void withoutConfigurationTheGeneratedTokenFileIsInForce() throws IOException {
        ApiServlet servlet = servlet(Map.of());
        assertEquals(200, get(servlet, file("api-token")));
        assertEquals(401, get(servlet, CONFIGURED_TOKEN));
    }

    @Test
    void aConfiguredTokenReplacesTheFileOnesAndTheFileIsStillGenerated() throws IOException {
        ApiServlet servlet = servlet(Map.of(".api_token", CONFIGURED_TOKEN));
        assertTrue(Files.exists(conf.resolve("api-token")), "the file is generated on first start regardless");
        assertEquals(200, get(servlet, CONFIGURED_TOKEN));
        assertEquals(401, get(servlet, file("api-token")));
    }

    @Test
    void aTokenChangeAppliesWithoutRestartAndClearingItFallsBackToTheFile() throws IOException {
        ApiServlet servlet = servlet(Map.of());
        servlet.modified(TestConfigs.web(Map.of(".api_token", CONFIGURED_TOKEN)));
        assertEquals(200, get(servlet, CONFIGURED_TOKEN));
        assertEquals(401, get(servlet, file("api-token")));

        servlet.modified(TestConfigs.web(Map.of(".api_token", "")));
        assertEquals(200, get(servlet, file("api-token")));
        assertEquals(401, get(servlet, CONFIGURED_TOKEN));
    }

    @Test
    void aTooShortConfiguredTokenIsIgnored() throws IOException {
        ApiServlet servlet = servlet(Map.of(".api_token", "admin"));
        assertEquals(401, get(servlet, "admin"));
        assertEquals(200, get(servlet, file("api-token")));
    }

    @Test
    void aConfiguredConsolePasswordWorksAtTheNextLoginAndTheGeneratedOneStopsWorking() throws IOException {
        ConsoleSecurityProvider provider = new ConsoleSecurityProvider(TestConfigs.web(Map.of()), conf.resolve("console-password"));
        String generated = file("console-password");
        assertTrue(login(provider, "admin", generated));

        provider.modified(TestConfigs.web(Map.of(".console_password", CONFIGURED_PASSWORD)));
        assertTrue(login(provider, "admin", CONFIGURED_PASSWORD));
        assertFalse(login(provider, "admin", generated));

        provider.modified(TestConfigs.web(Map.of(".console_password", "  ")));
        assertTrue(login(provider, "admin", generated));
        assertFalse(login(provider, "admin", CONFIGURED_PASSWORD));
    }

    @Test
    void aChangedConsoleUserAppliesTogetherWithThePassword() throws IOException {
        ConsoleSecurityProvider provider = new ConsoleSecurityProvider(TestConfigs.web(Map.of()), conf.resolve("console-password"));
        provider.modified(TestConfigs.web(Map.of("console_user", "operator", ".console_password", CONFIGURED_PASSWORD)));
        assertTrue(login(provider, "operator", CONFIGURED_PASSWORD));
        assertFalse(login(provider, "admin", CONFIGURED_PASSWORD));
        assertTrue(provider.authorize("operator", "any"));
        assertFalse(provider.authorize("admin", "any"));
    }

    @Test
    void noSecretIsEverLoggedOrPrinted() throws IOException {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        try {
            System.setOut(capture);
            System.setErr(capture);
            ApiServlet servlet = servlet(Map.of());
            servlet.modified(TestConfigs.web(Map.of(".api_token", CONFIGURED_TOKEN)));
            servlet.modified(TestConfigs.web(Map.of(".api_token", "x7Qz-pw")));
            ConsoleSecurityProvider provider = new ConsoleSecurityProvider(TestConfigs.web(Map.of()), conf.resolve("console-password"));
            provider.modified(TestConfigs.web(Map.of(".console_password", CONFIGURED_PASSWORD)));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains(".api_token"), "the source of the token is logged: " + log);
        for (String secret : new String[] {CONFIGURED_TOKEN, "x7Qz-pw", CONFIGURED_PASSWORD, file("api-token"), file("console-password")}) {
            assertFalse(log.contains(secret), "a secret reached the log");
        }
    }
}
