package dev.warden.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Starts the assembled distribution ({@code target/warden/bin/warden}) as a process on a fresh
 * home and a free loopback port and talks to it the way an operator would: REST API, secret
 * files, Web Console, and a {@code kill -9} in the middle of runs.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DistributionIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(30);

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private static Path home;
    private static Path log;
    private static int port;
    private static WardenProcess agent;

    @BeforeAll
    static void startAgent() throws Exception {
        home = Files.createTempDirectory("warden-it-home");
        log = Files.createTempFile("warden-it", ".log");
        port = WardenProcess.freePort();
        agent = WardenProcess.start(home, port, log);
        awaitHealthy();
    }

    @AfterAll
    static void stopAgent() throws Exception {
        if (agent != null) {
            agent.killHard();
        }
        if (home != null) {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void demoCheckerReportsOkWithinThirtySeconds() throws Exception {
        Map<String, Object> ok = awaitResult("hello", r -> "OK".equals(r.get("status")), RESULT_TIMEOUT)
                .orElseGet(() -> fail("no OK result of the demo assignment within " + RESULT_TIMEOUT
                        + "; last answer: " + safeGet("/api/v1/results?assignment=hello&limit=5") + "\n" + agent.tail(60)));

        assertEquals("hello from demo", ok.get("summary"));
        assertEquals("hello-c", ok.get("plugin_id"));
        assertEquals("hello", ok.get("assignment_id"));
    }

    @Test
    @Order(2)
    void secretsAreWrittenOwnerOnly() throws Exception {
        Set<PosixFilePermission> ownerOnly = Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        for (String name : List.of("api-token", "console-password")) {
            Path file = home.resolve("conf").resolve(name);
            assertTrue(Files.isRegularFile(file), "missing " + file);
            assertEquals(ownerOnly, Files.getPosixFilePermissions(file), name + " must be mode 0600");
            assertFalse(Files.readString(file).isBlank(), name + " is empty");
        }
    }

    @Test
    @Order(3)
    void apiRefusesRequestsWithoutTheToken() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(uri("/api/v1/results")).GET().build());
        HttpResponse<String> wrongToken = send(HttpRequest.newBuilder(uri("/api/v1/results"))
                .header("Authorization", "Bearer not-the-token").GET().build());

        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals(401, wrongToken.statusCode(), wrongToken.body());
    }

    @Test
    @Order(4)
    void consoleRefusesTheDefaultLoginAndAcceptsTheGeneratedPassword() throws Exception {
        String password = Files.readString(home.resolve("conf/console-password")).trim();

        assertEquals(401, console("admin", "admin").statusCode(), "admin/admin must not open the console");
        assertEquals(401, console(null, null).statusCode(), "the console needs a login");
        HttpResponse<String> admin = console("admin", password);
        assertEquals(200, admin.statusCode(), "the generated password must open the console");
    }

    @Test
    @Order(5)
    void killedAgentKeepsAcknowledgedResultsAndAssignments() throws Exception {
        HttpResponse<String> put = send(authorized("/api/v1/assignments/fast")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(
                        "{\"plugin_id\":\"hello-c\",\"interval_ms\":1000,\"params\":{\"target\":\"fast\"},\"enabled\":true}"))
                .build());
        assertTrue(put.statusCode() / 100 == 2, "PUT assignment: " + put.statusCode() + " " + put.body());

        awaitResult("fast", r -> "OK".equals(r.get("status")), RESULT_TIMEOUT)
                .orElseGet(() -> fail("the fast assignment produced no OK result\n" + agent.tail(60)));
        // Every id the API has shown was acknowledged by the journal; collect them while runs go on.
        Set<String> acknowledged = new LinkedHashSet<>();
        long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
        while (System.nanoTime() < until) {
            acknowledged.addAll(resultIds(null));
            Thread.sleep(200);
        }
        acknowledged.addAll(resultIds(null));
        assertTrue(acknowledged.size() >= 3, "expected several results before the kill, saw " + acknowledged);

        agent.killHard();
        assertFalse(agent.isAlive());
        agent = WardenProcess.start(home, port, log);
        awaitHealthy();
        awaitResultsReadable();

        List<String> afterRestart = resultIds(null);
        Set<String> lost = acknowledged.stream().filter(id -> !afterRestart.contains(id))
                .collect(Collectors.toCollection(LinkedHashSet::new));
        assertTrue(lost.isEmpty(), "results lost by kill -9: " + lost + "\n" + agent.tail(60));

        Set<String> assignments = assignmentIds();
        assertTrue(assignments.containsAll(Set.of("hello", "fast")), "assignments after restart: " + assignments);
        for (String assignment : List.of("fast", "hello")) {
            Optional<Map<String, Object>> fresh = awaitResult(assignment,
                    r -> !acknowledged.contains(String.valueOf(r.get("id"))), RESULT_TIMEOUT);
            assertTrue(fresh.isPresent(), "no new result of " + assignment + " after restart\n" + agent.tail(60));
            assertNotEquals("UNKNOWN", fresh.get().get("status"), "new result of " + assignment + ": " + fresh.get());
        }
    }

    private static void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!agent.isAlive()) {
                fail("bin/warden exited before it became healthy:\n" + agent.tail(80));
            }
            try {
                HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/api/v1/health")).GET().build());
                if (health.statusCode() == 200 && Files.isRegularFile(home.resolve("conf/api-token"))) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Jetty is not up yet
            }
            Thread.sleep(250);
        }
        fail("no healthy /api/v1/health within " + START_TIMEOUT + ":\n" + agent.tail(80));
    }

    /** After a restart the journal may bind after the servlet: wait until results can be read. */
    private static void awaitResultsReadable() throws Exception {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        HttpResponse<String> last = null;
        while (System.nanoTime() < deadline) {
            last = send(authorized("/api/v1/results?limit=1").GET().build());
            if (last.statusCode() == 200) {
                return;
            }
            Thread.sleep(250);
        }
        fail("GET /api/v1/results did not answer 200 after restart: " + (last == null ? "" : last.statusCode() + " " + last.body()));
    }

    private static Optional<Map<String, Object>> awaitResult(String assignment, Predicate<Map<String, Object>> wanted,
            Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Map<String, Object>> match = results(assignment).stream().filter(wanted).findFirst();
            if (match.isPresent()) {
                return match;
            }
            Thread.sleep(250);
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> results(String assignment) throws Exception {
        String path = "/api/v1/results?limit=1000" + (assignment == null ? "" : "&assignment=" + assignment);
        HttpResponse<String> response = send(authorized(path).GET().build());
        assertEquals(200, response.statusCode(), "GET " + path + ": " + response.body());
        Object results = JsonReader.object(response.body()).get("results");
        return results == null ? List.of() : (List<Map<String, Object>>) results;
    }

    private static List<String> resultIds(String assignment) throws Exception {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> result : results(assignment)) {
            ids.add(String.valueOf(result.get("id")));
        }
        return ids;
    }

    @SuppressWarnings("unchecked")
    private static Set<String> assignmentIds() throws Exception {
        HttpResponse<String> response = send(authorized("/api/v1/assignments").GET().build());
        assertEquals(200, response.statusCode(), response.body());
        Object parsed = JsonReader.parse(response.body());
        List<Object> items = parsed instanceof Map<?, ?> map
                ? (List<Object>) map.get("assignments")
                : (List<Object>) parsed;
        Set<String> ids = new LinkedHashSet<>();
        for (Object item : items) {
            ids.add(String.valueOf(((Map<String, Object>) item).get("id")));
        }
        return ids;
    }

    private static HttpResponse<String> console(String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri("/system/console/bundles")).GET();
        if (user != null) {
            String basic = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        return send(request.build());
    }

    private static HttpRequest.Builder authorized(String path) throws IOException {
        String token = Files.readString(home.resolve("conf/api-token")).trim();
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token);
    }

    private static String safeGet(String path) {
        try {
            return send(authorized(path).GET().build()).body();
        } catch (Exception e) {
            return e.toString();
        }
    }

    private static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
