package dev.warden.web.internal.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.Status;
import dev.warden.web.internal.audit.AuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WardenConsolePluginTest {

    private static final String HOSTILE = "<script>alert(1)</script>";

    @TempDir
    Path dir;

    private final CsrfGuard csrf = new CsrfGuard(new byte[32]);
    private final WardenConsolePlugin plugin = new WardenConsolePlugin(csrf);
    private final ConsoleFakes.Registry registry = new ConsoleFakes.Registry();
    private final ConsoleFakes.Store store = new ConsoleFakes.Store();
    private final ConsoleFakes.Runner runner = new ConsoleFakes.Runner(store);
    private final ConsoleFakes.Results results = new ConsoleFakes.Results();
    private final ConsoleHttp browser = new ConsoleHttp();
    private AuditLog audit;

    @BeforeEach
    void wire() {
        plugin.registry = registry;
        plugin.store = store;
        plugin.runner = runner;
        plugin.results = results;
        audit = new AuditLog(dir.resolve("audit.log"), 1 << 20, 3, Clock.systemUTC());
        plugin.audit = audit;
        plugin.useCsp(ConsoleCsp.fromConsole());
    }

    private ConsoleHttp.Response get(String path) throws IOException {
        ConsoleHttp.Response resp = new ConsoleHttp.Response();
        plugin.doGet(browser.get(path).proxy(), resp.proxy());
        return resp;
    }

    private ConsoleHttp.Response send(ConsoleHttp.Request req) throws IOException {
        ConsoleHttp.Response resp = new ConsoleHttp.Response();
        plugin.doPost(req.proxy(), resp.proxy());
        return resp;
    }

    private ConsoleHttp.Request withToken(ConsoleHttp.Request req) {
        return req.param(CsrfGuard.FIELD, csrf.token("admin"));
    }

    private String auditText() throws IOException {
        return Files.exists(audit.file()) ? Files.readString(audit.file()) : "";
    }

    @Test
    void hostilePluginStringsAreEncodedEverywhereOnTheOverview() throws IOException {
        registry.installed.add(ConsoleFakes.plugin(HOSTILE, "1.0.0<b>", List.of("log", "\"><img src=x onerror=alert(1)>")));
        store.put(ConsoleFakes.assignment(HOSTILE, HOSTILE, true));
        results.byAssignment.put(HOSTILE, List.of(ConsoleFakes.result(HOSTILE, "r1", Status.OK, HOSTILE + " ${appRoot} \\u0041", 3,
                Map.of("k", HOSTILE))));

        String page = get("").text();

        assertFalse(page.contains("<script"), page);
        assertFalse(page.contains("<img"), page);
        assertFalse(page.contains("<b>"), page);
        assertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), page);
        assertFalse(page.contains("${appRoot}"), "the console's variable filter must not see plugin text: " + page);
        assertTrue(page.contains("&#36;{appRoot} &#92;u0041"), page);
        // the id is percent-encoded inside the link, never raw
        assertTrue(page.contains("href=\"/system/console/warden/assignment/%3Cscript%3Ealert%281%29%3C%2Fscript%3E\""), page);
    }

    @Test
    void hostileResultStringsAreEncodedOnTheAssignmentPage() throws IOException {
        store.put(ConsoleFakes.assignment("web", "demo", true));
        results.byAssignment.put("web", List.of(ConsoleFakes.result("web", "r1", Status.CRITICAL, HOSTILE, 30,
                Map.of(HOSTILE, "<img src=x onerror=alert(1)>"))));

        String page = get("/assignment/web").text();

        assertFalse(page.contains("<script"), page);
        assertFalse(page.contains("<img"), page);
        assertTrue(page.contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;=&lt;img src=x onerror=alert(1)&gt;</code>"), page);
    }

    @Test
    void overviewListsPluginsAndAssignmentsWithStatusBackoffAndConfigLinks() throws IOException {
        registry.installed.add(ConsoleFakes.plugin("hello", "1.2.0", List.of("log", "http")));
        store.put(ConsoleFakes.assignment("web", "hello", true));
        runner.stats.add(new AssignmentStats("web", "hello", 9, 5, 0, 4, 0, 0, 0, 2, 4, "2026-01-01T00:05:00Z",
                Status.CRITICAL, "2026-01-01T00:04:00Z", 90, 9, 1, 1, 1, 0, 0));
        results.byAssignment.put("web", List.of(ConsoleFakes.result("web", "r1", Status.CRITICAL, "down", 30, Map.of())));
        plugin.configAdmin = FakeConfigAdmin.with("dev.warden.assignment~web", "web");

        String page = get("").text();

        assertTrue(page.contains("<td class=\"warden-plugin-id\">hello</td>"), page);
        assertTrue(page.contains("log, http"), page);
        assertTrue(page.contains("<code title=\"0123456789abcdef0123456789abcdef\">0123456789ab</code>"), page);
        assertTrue(page.contains("<span class=\"warden-badge warden-critical\">CRITICAL</span>"), page);
        assertTrue(page.contains("<td class=\"warden-summary\">down</td>"), page);
        assertTrue(page.contains("30 s"), page);
        assertTrue(page.contains("backing off until 2026-01-01T00:05:00Z (4 failures in a row)"), page);
        assertTrue(page.contains("href=\"/system/console/configMgr/dev.warden.assignment~web\""), page);
        assertTrue(page.contains("action=\"/system/console/warden/assignment/web/disable\""), page);
        assertTrue(page.contains("action=\"/system/console/warden/assignment/web/run\""), page);
        assertTrue(page.contains("name=\"csrf_token\" value=\"" + csrf.token("admin") + "\""), page);
        assertTrue(page.contains("enctype=\"multipart/form-data\" action=\"/system/console/warden/upload\""), page);
        assertTrue(page.contains("type=\"file\" id=\"warden-package\" name=\"package\""), page);
    }

    @Test
    void pagesCarryAContentSecurityPolicyThatAllowsOnlyTheConsolesOwnScripts() throws IOException {
        ConsoleHttp.Response resp = get("");
        String policy = resp.headers.get("Content-Security-Policy");
        assertTrue(policy.contains("script-src 'self' 'sha256-"), policy);
        assertFalse(ConsoleCspTest.directive(policy, "script-src").contains("unsafe"), policy);
        assertTrue(policy.contains("object-src 'none'"), policy);
        assertEquals("nosniff", resp.headers.get("X-Content-Type-Options"));
    }

    @Test
    void postWithoutCsrfTokenIsForbiddenAndChangesNothing() throws IOException {
        store.put(ConsoleFakes.assignment("web", "demo", false));
        store.puts.clear();

        ConsoleHttp.Response resp = send(browser.post("/assignment/web/enable"));

        assertEquals(403, resp.status);
        assertTrue(store.puts.isEmpty());
        assertTrue(auditText().contains("\"action\":\"assignment.enable\""), auditText());
        assertTrue(auditText().contains("\"outcome\":\"refused\",\"code\":\"csrf\""), auditText());
    }

    @Test
    void postWithWrongCsrfTokenIsForbidden() throws IOException {
        store.put(ConsoleFakes.assignment("web", "demo", true));
        ConsoleHttp.Response resp = send(browser.post("/assignment/web/run").param(CsrfGuard.FIELD, csrf.token("someone-else")));
        assertEquals(403, resp.status);
        assertTrue(runner.ran.isEmpty());
    }

    @Test
    void postFromAnotherOriginIsForbiddenEvenWithTheToken() throws IOException {
        store.put(ConsoleFakes.assignment("web", "demo", true));
        ConsoleHttp.Response resp = send(withToken(browser.post("/assignment/web/run").header("Origin", "http://evil.example")));
        assertEquals(403, resp.status);
        assertTrue(runner.ran.isEmpty());
        assertTrue(auditText().contains("\"code\":\"cross_origin\""), auditText());
    }

    @Test
    void enableValidatesThenPutsACopyAndTheNextPageShowsTheOutcome() throws IOException {
        store.put(ConsoleFakes.assignment("web", "demo", false));
        store.puts.clear();

        ConsoleHttp.Response resp = send(withToken(browser.post("/assignment/web/enable")));

        assertEquals(303, resp.status);
        assertEquals("/system/console/warden", resp.headers.get("Location"));
        assertEquals(1, registry.validated.size());
        assertTrue(registry.validated.get(0).enabled());
        Assignment put = store.puts.get(0);
        assertTrue(put.enabled());
        assertEquals("{\"secret\":\"s\"}", put.params(), "params (secrets included) are kept as stored");
        assertTrue(get("").text().contains("Assignment web enabled."));
        assertFalse(get("").text().contains("Assignment web enabled."), "a notice shows once");
        assertTrue(auditText().contains("\"who\":\"admin\",\"remote\":\"127.0.0.1\",\"action\":\"assignment.enable\""), auditText());
    }

    @Test
    void disablePutsACopyWithEnabledFalseAndReturnsToTheAssignmentPage() throws IOException {
        store.put(ConsoleFakes.assignment("web.check", "demo", true));
        store.puts.clear();

        ConsoleHttp.Response resp = send(withToken(browser.post("/assignment/web.check/disable")).param("from", "assignment"));

        assertEquals(303, resp.status);
        assertEquals("/system/console/warden/assignment/web.check/", resp.headers.get("Location"));
        assertFalse(store.puts.get(0).enabled());
        assertTrue(auditText().contains("assignment.disable"), auditText());
    }

    @Test
    void enableRefusedByTheRegistryShowsTheFieldAndStoresNothing() throws IOException {
        store.put(ConsoleFakes.assignment("web", "demo", false));
        store.puts.clear();
        registry.refuseAssignment = new InvalidAssignmentException("plugin_version", "version 9 is not installed");

        send(withToken(browser.post("/assignment/web/enable")));

        assertTrue(store.puts.isEmpty());
        String page = get("").text();
        assertTrue(page.contains("<span class=\"warden-code\">invalid_assignment</span>"), page);
        assertTrue(page.contains("<span class=\"warden-field\">plugin_version</span>"), page);
        assertTrue(page.contains("version 9 is not installed"), page);
    }

    @Test
    void uploadInstallsThroughTheRegistryAsAnUpload() throws IOException {
        byte[] zip = "PK fake zip".getBytes(StandardCharsets.UTF_8);
        registry.onInstall = bytes -> ConsoleFakes.plugin("hello", "2.0.0", List.of());

        ConsoleHttp.Response resp = send(withToken(browser.post("/upload")).file("package", "hello.zip", zip));

        assertEquals(303, resp.status);
        assertArrayEquals(zip, registry.lastUpload);
        assertEquals("upload", registry.lastOrigin);
        assertTrue(get("").text().contains("Installed plugin hello version 2.0.0 (unsigned)."));
        assertTrue(auditText().contains("\"action\":\"plugin.upload\",\"what\":{\"file\":\"hello.zip\",\"bytes\":11,"
                + "\"plugin_id\":\"hello\",\"version\":\"2.0.0\",\"sha256\":\"0123456789abcdef0123456789abcdef\""), auditText());
    }

    @Test
    void uploadTokenMayArriveAsAMultipartPart() throws IOException {
        ConsoleHttp.Request req = browser.post("/upload").file("package", "a.zip", new byte[] {1, 2})
                .multipartField(CsrfGuard.FIELD, csrf.token("admin"));
        assertEquals(303, send(req).status);
        assertArrayEquals(new byte[] {1, 2}, registry.lastUpload);
    }

    @Test
    void uploadRefusalShowsCodeFieldAndMessageEncoded() throws IOException {
        registry.onInstall = bytes -> {
            throw new InvalidPluginException("invalid_manifest", "plugin.yaml", "id " + HOSTILE + " is not valid");
        };

        send(withToken(browser.post("/upload")).file("package", "bad.zip", new byte[] {1}));

        String page = get("").text();
        assertTrue(page.contains("id=\"warden-notice\" class=\"warden-notice warden-notice-error\""), page);
        assertTrue(page.contains("<span class=\"warden-code\">invalid_manifest</span>"), page);
        assertTrue(page.contains("<span class=\"warden-field\">plugin.yaml</span>"), page);
        assertTrue(page.contains("id &lt;script&gt;alert(1)&lt;/script&gt; is not valid"), page);
        assertTrue(auditText().contains("\"outcome\":\"refused\",\"code\":\"invalid_manifest\""), auditText());
    }

    @Test
    void uploadWithoutAFileIsRefusedWithAMessage() throws IOException {
        send(withToken(browser.post("/upload")).file("other", "x.zip", new byte[] {1}));
        assertTrue(get("").text().contains("choose a package file to upload"));
    }

    @Test
    void runNowRunsTheAssignmentAndReportsTheResult() throws IOException {
        store.put(ConsoleFakes.assignment("web", "demo", true));

        ConsoleHttp.Response resp = send(withToken(browser.post("/assignment/web/run")));

        assertEquals(303, resp.status);
        assertEquals(List.of("web"), runner.ran);
        assertTrue(get("").text().contains("Ran web: WARNING \u2013 ran now"));
        assertTrue(auditText().contains("\"action\":\"assignment.run\",\"what\":{\"assignment_id\":\"web\",\"result_id\":\"now\",\"status\":\"WARNING\"}"),
                auditText());
    }

    @Test
    void unknownPostPathIsNotFound() throws IOException {
        assertEquals(404, send(withToken(browser.post("/assignment/web/explode"))).status);
        assertEquals(404, send(withToken(browser.post("/plugins"))).status);
    }

    @Test
    void assignmentPageShowsHistoryNewestFirstAndADurationChart() throws IOException {
        store.put(ConsoleFakes.assignment("web", "demo", true));
        results.byAssignment.put("web", List.of(
                ConsoleFakes.result("web", "r3", Status.OK, "third", 30, Map.of()),
                ConsoleFakes.result("web", "r22", Status.WARNING, "second", 10, Map.of()),
                ConsoleFakes.result("web", "r111", Status.OK, "first", 20, Map.of())));

        String page = get("/assignment/web").text();

        assertEquals(AssignmentPage.HISTORY, results.askedLimit);
        int third = page.indexOf(">third<");
        int second = page.indexOf(">second<");
        int first = page.indexOf(">first<");
        assertTrue(third > 0 && third < second && second < first, page);
        // oldest left: 20 ms, 10 ms, 30 ms (the maximum sits at the top of the plot)
        assertTrue(page.contains("<polyline class=\"warden-line\" fill=\"none\" points=\"56.0,57.3 344.0,102.7 632.0,12.0\"/>"), page);
        assertTrue(page.contains("<span class=\"warden-badge warden-ok\">OK</span>"), page);
    }

    @Test
    void unknownAssignmentPageIsNotFound() throws IOException {
        ConsoleHttp.Response resp = get("/assignment/nope");
        assertEquals(404, resp.status);
        assertTrue(resp.text().contains("No assignment nope"));
    }

    @Test
    void dottedAssignmentPathWithoutSlashIsRedirectedSoTheConsoleFramesIt() throws IOException {
        ConsoleHttp.Response resp = get("/assignment/web.check");
        assertEquals(303, resp.status);
        assertEquals("/system/console/warden/assignment/web.check/", resp.headers.get("Location"));
    }

    @Test
    void missingServicesAreNamedInsteadOfFailingThePage() throws IOException {
        plugin.registry = null;
        plugin.runner = null;
        String page = get("").text();
        assertTrue(page.contains("Not available right now: plugin registry, scheduler"), page);
    }
}
