package dev.warden.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every admin surface of the running distribution, asked without credentials, with wrong ones, with
 * the other surface's secret, and with the right ones: only the right secret of the right surface
 * gets past authentication, and only {@code /api/v1/health} is open.
 */
class AuthMatrixIT {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final Pattern CSRF_FIELD = Pattern.compile("name=\"csrf_token\" value=\"([^\"]+)\"");

    private static RunningAgent agent;
    private static Path packages;
    private static Path probePackage;

    /** One request of the matrix and what the right credentials must get. */
    record Call(String method, String path, String contentType, String body, String expected, IntPredicate withRightCredentials) {

        static Call of(String method, String path, int expected) {
            return new Call(method, path, null, null, Integer.toString(expected), status -> status == expected);
        }

        static Call of(String method, String path, String contentType, String body, int expected) {
            return new Call(method, path, contentType, body, Integer.toString(expected), status -> status == expected);
        }

        /** For pages whose exact answer is the page's business: anything but an auth refusal or an error. */
        static Call notRefused(String method, String path) {
            return new Call(method, path, null, null, "2xx-4xx except 401/403",
                    status -> status >= 200 && status < 500 && status != 401 && status != 403);
        }

        HttpRequest.Builder request(RunningAgent agent) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(agent.uri(path)).timeout(Duration.ofSeconds(15));
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            return builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Call> api() {
        return Stream.of(
                Call.of("GET", "/api/v1/plugins", 200),
                // not a zip: the upload is refused on its content, after authentication
                Call.of("POST", "/api/v1/plugins", "application/zip", "not a zip", 400),
                Call.of("GET", "/api/v1/plugins/hello-c/1.0.0", 200),
                // the demo assignment follows hello-c: deleting it is refused, after authentication
                Call.of("DELETE", "/api/v1/plugins/hello-c/1.0.0", 409),
                Call.of("GET", "/api/v1/assignments", 200),
                Call.of("GET", "/api/v1/assignments/hello", 200),
                Call.of("PUT", "/api/v1/assignments/matrix", "application/json",
                        "{\"plugin_id\":\"hello-c\",\"interval_ms\":60000,\"params\":{\"target\":\"matrix\"},\"enabled\":false}", 201),
                Call.of("DELETE", "/api/v1/assignments/no-such-assignment", 404),
                Call.of("POST", "/api/v1/assignments/hello/run", 200),
                Call.of("GET", "/api/v1/results?assignment=hello&limit=5", 200),
                Call.of("GET", "/metrics", 200));
    }

    static Stream<Call> console() {
        return Stream.of(
                Call.notRefused("GET", "/system/console"),
                Call.of("GET", "/system/console/bundles", 200),
                Call.of("GET", "/system/console/configMgr", 200),
                Call.of("GET", "/system/console/warden", 200),
                Call.of("GET", "/system/console/warden/assignment/hello", 200),
                Call.notRefused("GET", "/system/console/warden/assignment/x"),
                // past the login, a form without its CSRF token is refused (403), never carried out
                Call.of("POST", "/system/console/warden/assignment/hello/disable", FORM, "from=overview", 403),
                Call.of("POST", "/system/console/warden/assignment/hello/run", FORM, "from=overview", 403),
                Call.of("POST", "/system/console/warden/upload", FORM, "package=x", 403));
    }

    @BeforeAll
    static void startAgent() throws Exception {
        packages = Files.createTempDirectory("warden-auth-packages");
        PluginPackages signer = PluginPackages.withNewKey(packages);
        probePackage = signer.helloPackage("csrf-probe", "CSRF probe");
        agent = RunningAgent.prepare("warden-auth-it");
        // a package the agent would accept: a refused forged upload is refused for being forged
        signer.trustIn(agent.home());
        agent.start();
        // the matrix's expectations lean on the demo assignment and its plugin (FileInstall, plugins/)
        agent.awaitStatus(200, "/api/v1/assignments/hello", "/api/v1/plugins/hello-c/1.0.0");
    }

    @AfterAll
    static void stopAgent() throws Exception {
        try {
            if (agent != null) {
                agent.close();
            }
        } finally {
            RunningAgent.deleteTree(packages);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("api")
    void apiAnswersOnlyTheBearerToken(Call call) throws Exception {
        String token = agent.apiToken();
        String password = agent.consolePassword();

        assertRefused(call, null, "Bearer");
        assertRefused(call, "Bearer not-the-token-" + token.substring(0, 4), "Bearer");
        assertRefused(call, "Bearer " + token + "x", "Bearer");
        assertRefused(call, "Bearer " + password, "Bearer");
        assertRefused(call, RunningAgent.basic("admin", password), "Bearer");
        assertRefused(call, RunningAgent.basic("admin", token), "Bearer");

        HttpResponse<String> right = send(call, "Bearer " + token);
        assertTrue(call.withRightCredentials().test(right.statusCode()),
                call + " with the token: expected " + call.expected() + ", got " + right.statusCode() + " " + right.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("console")
    void consoleAnswersOnlyItsPassword(Call call) throws Exception {
        String token = agent.apiToken();
        String password = agent.consolePassword();

        assertRefused(call, null, "Basic");
        assertRefused(call, RunningAgent.basic("admin", "admin"), "Basic");
        assertRefused(call, RunningAgent.basic("admin", password + "x"), "Basic");
        assertRefused(call, RunningAgent.basic("root", password), "Basic");
        assertRefused(call, RunningAgent.basic("admin", token), "Basic");
        assertRefused(call, "Bearer " + token, "Basic");

        HttpResponse<String> right = send(call, RunningAgent.basic("admin", password));
        assertTrue(call.withRightCredentials().test(right.statusCode()),
                call + " with the password: expected " + call.expected() + ", got " + right.statusCode());
    }

    @Test
    void healthIsOpenToEveryone() throws Exception {
        Call health = Call.of("GET", "/api/v1/health", 200);
        for (String authorization : Arrays.asList(null, "Bearer wrong", "Bearer " + agent.apiToken(),
                RunningAgent.basic("admin", agent.consolePassword()))) {
            HttpResponse<String> response = send(health, authorization);
            assertEquals(200, response.statusCode(), "health with " + (authorization == null ? "nothing" : "a credential"));
            assertTrue(response.body().contains("\"status\""), response.body());
        }
    }

    @Test
    void forgedConsoleFormsAreRefusedAndChangeNothing() throws Exception {
        HttpResponse<String> put = send(Call.of("PUT", "/api/v1/assignments/csrf", "application/json",
                "{\"plugin_id\":\"hello-c\",\"interval_ms\":3600000,\"params\":{\"target\":\"csrf\"},\"enabled\":true}", 201),
                "Bearer " + agent.apiToken());
        assertEquals(201, put.statusCode(), put.body());
        HttpResponse<String> idle = send(Call.of("PUT", "/api/v1/assignments/csrf-idle", "application/json",
                "{\"plugin_id\":\"hello-c\",\"interval_ms\":3600000,\"params\":{\"target\":\"idle\"},\"enabled\":false}", 201),
                "Bearer " + agent.apiToken());
        assertEquals(201, idle.statusCode(), idle.body());
        String token = csrfToken();
        String disable = "/system/console/warden/assignment/csrf/disable";
        String foreign = "http://attacker.example";
        byte[] zip = Files.readAllBytes(probePackage);

        assertForbidden(form(disable, "from=overview", null));
        assertForbidden(form(disable, "from=overview&csrf_token=" + token.substring(1) + "A", null));
        assertForbidden(form(disable, "from=overview&csrf_token=" + token, foreign));
        assertForbidden(form(disable, "from=overview&csrf_token=" + token, "null"));
        assertForbidden(form(disable, "from=overview&csrf_token=" + token, null).header("Referer", foreign + "/page"));
        assertForbidden(form("/system/console/warden/assignment/csrf-idle/run", "from=overview", null));
        assertForbidden(form("/system/console/warden/assignment/csrf-idle/run", "from=overview&csrf_token=" + token, foreign));
        assertForbidden(upload(null, zip, null));
        assertForbidden(upload("not-the-token", zip, null));
        assertForbidden(upload(token, zip, foreign));

        assertEquals(Boolean.TRUE, enabled("csrf"), "a refused form disabled the assignment");
        assertEquals(404, send(Call.of("GET", "/api/v1/plugins/csrf-probe/1.0.0", 200), "Bearer " + agent.apiToken()).statusCode(),
                "a refused upload installed the package");
        assertEquals(0, resultCount("csrf-idle"), "a refused run-now ran the (disabled) assignment");

        // the same forms with the page's token from the page's own origin do act: the refusals above were the guard's
        String origin = agent.baseUrl();
        assertEquals(303, RunningAgent.send(form(disable, "from=overview&csrf_token=" + token, origin).build()).statusCode());
        assertEquals(Boolean.FALSE, eventually(() -> enabled("csrf"), Boolean.FALSE), "the genuine form disables the assignment");
        assertEquals(303, RunningAgent.send(form("/system/console/warden/assignment/csrf-idle/run",
                "from=overview&csrf_token=" + token, origin).build()).statusCode());
        assertEquals(1, eventually(() -> resultCount("csrf-idle"), 1), "the genuine run-now ran the assignment once");
        assertEquals(303, RunningAgent.send(upload(token, zip, origin).build()).statusCode());
        assertEquals(200, send(Call.of("GET", "/api/v1/plugins/csrf-probe/1.0.0", 200), "Bearer " + agent.apiToken()).statusCode(),
                "the genuine upload installed the package");
    }

    private static String csrfToken() throws Exception {
        HttpResponse<String> page = RunningAgent.send(agent.console("/system/console/warden").GET().build());
        assertEquals(200, page.statusCode());
        Matcher field = CSRF_FIELD.matcher(page.body());
        assertTrue(field.find(), "no csrf_token field on the Warden page");
        return field.group(1);
    }

    @SuppressWarnings("unchecked")
    private static int resultCount(String assignment) throws Exception {
        HttpResponse<String> response = RunningAgent.send(agent.api("/api/v1/results?limit=100&assignment=" + assignment).GET().build());
        assertEquals(200, response.statusCode(), response.body());
        Object results = JsonReader.object(response.body()).get("results");
        return results == null ? 0 : ((List<Object>) results).size();
    }

    private static Object enabled(String id) throws Exception {
        HttpResponse<String> response = RunningAgent.send(agent.api("/api/v1/assignments/" + id).GET().build());
        assertEquals(200, response.statusCode(), response.body());
        return JsonReader.object(response.body()).get("enabled");
    }

    /** What {@code read} answers once it answers {@code wanted}, or after 5 s what it answers then. */
    private static <T> T eventually(Callable<T> read, T wanted) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        T value = read.call();
        while (!wanted.equals(value) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            value = read.call();
        }
        return value;
    }

    private static HttpRequest.Builder form(String path, String body, String origin) throws Exception {
        HttpRequest.Builder request = agent.console(path).header("Content-Type", FORM)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return origin == null ? request : request.header("Origin", origin);
    }

    private static HttpRequest.Builder upload(String token, byte[] zip, String origin) throws Exception {
        String boundary = "warden-it-" + System.nanoTime();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (token != null) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" + token + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"package\"; filename=\"csrf-probe.wpkg\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(zip);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder request = agent.console("/system/console/warden/upload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        return origin == null ? request : request.header("Origin", origin);
    }

    private static void assertForbidden(HttpRequest.Builder request) throws Exception {
        HttpRequest built = request.build();
        HttpResponse<String> response = RunningAgent.send(built);
        assertEquals(403, response.statusCode(), built.method() + " " + built.uri().getPath() + " " + built.headers().map().keySet()
                + ": " + response.body());
    }

    private static void assertRefused(Call call, String authorization, String scheme) throws Exception {
        HttpResponse<String> response = send(call, authorization);
        String with = authorization == null ? "without credentials" : "with " + authorization.split(" ")[0] + " credentials that are wrong here";
        assertEquals(401, response.statusCode(), call + " " + with + ": " + response.body());
        List<String> challenges = response.headers().allValues("WWW-Authenticate");
        assertTrue(challenges.stream().anyMatch(c -> c.regionMatches(true, 0, scheme, 0, scheme.length())),
                call + " " + with + ": expected a " + scheme + " challenge, got " + challenges);
    }

    private static HttpResponse<String> send(Call call, String authorization) throws Exception {
        HttpRequest.Builder request = call.request(agent);
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return RunningAgent.send(request.build());
    }
}
