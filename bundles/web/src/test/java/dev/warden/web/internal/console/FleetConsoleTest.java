package dev.warden.web.internal.console;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.FleetUnavailableException;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.FleetAgent;
import dev.warden.api.dto.FleetAssignment;
import dev.warden.api.dto.FleetTarget;
import dev.warden.api.dto.Status;
import dev.warden.web.internal.FakeFleet;
import dev.warden.web.internal.audit.AuditLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetConsoleTest {

    private static final String HOSTILE = "<script>alert(1)</script>";

    @TempDir
    Path dir;

    private final CsrfGuard csrf = new CsrfGuard(new byte[32]);
    private final WardenConsolePlugin plugin = new WardenConsolePlugin(csrf);
    private final ConsoleHttp browser = new ConsoleHttp();
    private final FakeFleet fleet = new FakeFleet();
    private final ConsoleFakes.Registry registry = new ConsoleFakes.Registry();
    private AuditLog audit;

    @BeforeEach
    void wire() {
        plugin.registry = registry;
        ConsoleFakes.Store store = new ConsoleFakes.Store();
        plugin.store = store;
        plugin.runner = new ConsoleFakes.Runner(store);
        plugin.results = new ConsoleFakes.Results();
        fleet.results.clear();
        fleet.onPublish = bytes -> ConsoleFakes.plugin("hello", "2.0.0", List.of());
        plugin.fleet = fleet;
        audit = new AuditLog(dir.resolve("audit.log"), 1 << 20, 3, Clock.systemUTC());
        plugin.audit = audit;
        plugin.useCsp(ConsoleCsp.fromConsole());
    }

    private ConsoleHttp.Response get(ConsoleHttp.Request req) throws IOException {
        ConsoleHttp.Response resp = new ConsoleHttp.Response();
        plugin.doGet(req.proxy(), resp.proxy());
        return resp;
    }

    private ConsoleHttp.Response post(ConsoleHttp.Request req) throws IOException {
        ConsoleHttp.Response resp = new ConsoleHttp.Response();
        plugin.doPost(req.param(CsrfGuard.FIELD, csrf.token("admin")).proxy(), resp.proxy());
        return resp;
    }

    private String fleetPage() throws IOException {
        return get(browser.get("/fleet")).text();
    }

    private String auditText() throws IOException {
        return Files.exists(audit.file()) ? Files.readString(audit.file()) : "";
    }

    @Test
    void theFleetPageListsAgentsAssignmentsAndResultsEncoded() throws IOException {
        fleet.agents.addAll(List.of(new FleetAgent("a1", "0.1.0", List.of("edge", "eu"), List.of("http", "log"), 12,
                "2026-01-01T00:00:00Z", List.of("bad 1.0.0 abc: " + HOSTILE), 3, 2, List.of("evil: grants exceed " + HOSTILE), "cannot watch label.x.* " + HOSTILE)));
        fleet.byKey.put("label.edge.web", new FleetAssignment(FleetTarget.label("edge"),
                new Assignment("web", "http-check", null, 60_000, null, "{\"password\":\"secret-pw\"}", null, null, true, null), 7));
        fleet.results.clear();
        fleet.results.addAll(List.of(new CheckResult("r1", Status.CRITICAL, HOSTILE, null, null, null, "2026-01-01T00:00:01Z",
                "http-check", "1.0.0", "web", "a1", null, null)));

        String page = fleetPage();

        assertTrue(page.contains("data-agent=\"a1\""), page);
        assertTrue(page.contains("edge, eu"), page);
        assertTrue(page.contains("http, log"), page);
        assertTrue(page.contains("<td>12</td>"), page);
        assertTrue(page.contains("<td class=\"warden-backlog\">3 (2 lost to journal retention)</td>"), page);
        assertTrue(page.contains("package bad 1.0.0 abc: &lt;script&gt;"), page);
        assertTrue(page.contains("assignment evil: grants exceed &lt;script&gt;"), page);
        assertTrue(page.contains("not receiving assignments: cannot watch label.x.* &lt;script&gt;"), page);
        assertTrue(page.contains("data-target=\"label.edge\" data-assignment=\"web\""), page);
        assertTrue(page.contains("<td>label edge</td>"), page);
        assertFalse(page.contains("secret-pw"), "params are not shown");
        assertTrue(page.contains("<span class=\"warden-badge warden-critical\">CRITICAL</span>"), page);
        assertFalse(page.contains("<script"), page);
        assertTrue(page.contains("action=\"/system/console/warden/fleet/assignment/delete\""), page);
        assertTrue(page.contains("id=\"warden-fleet-put\" method=\"post\" action=\"/system/console/warden/fleet/assignment\""), page);
        assertTrue(page.contains("enctype=\"multipart/form-data\" action=\"/system/console/warden/fleet/publish\""), page);
        assertEquals(FleetPage.RESULTS, fleet.askedLimit);
    }

    @Test
    void theResultFiltersReachTheOperatorAndStayInTheForm() throws IOException {
        String page = get(browser.get("/fleet").param("agent", "a2").param("assignment", "web.check")).text();
        assertEquals("a2", fleet.askedAgent);
        assertEquals("web.check", fleet.askedAssignment);
        assertTrue(page.contains("name=\"agent\" value=\"a2\""), page);
        get(browser.get("/fleet"));
        assertNull(fleet.askedAgent);
    }

    @Test
    void withoutAFleetOperatorThePageSaysSoAndTheOverviewHasNoLink() throws IOException {
        assertTrue(get(browser.get("")).text().contains("id=\"warden-fleet-link\""));
        plugin.fleet = null;
        assertTrue(fleetPage().contains("id=\"warden-no-fleet\""));
        assertFalse(get(browser.get("")).text().contains("warden-fleet-link"));
        post(browser.post("/fleet/assignment/delete").param("id", "web").param("target_kind", "label").param("target", "edge"));
        assertTrue(fleetPage().contains("fleet_unavailable"));
    }

    @Test
    void aBrokerFailureIsShownOnThePageInsteadOfFailingIt() throws IOException {
        fleet.unavailable = new FleetUnavailableException("the broker did not answer (permissions)", null);
        String page = fleetPage();
        assertTrue(page.contains("Fleet agents not available: the broker did not answer (permissions)"), page);
        assertTrue(page.contains("Fleet results not available"), page);
    }

    @Test
    void theAssignmentFormPutsForTheTargetAndIsAudited() throws IOException {
        ConsoleHttp.Response resp = post(browser.post("/fleet/assignment").param("id", "web").param("target_kind", "agent")
                .param("target", "a1").param("plugin_id", "http-check").param("plugin_version", "1.2.0")
                .param("interval_ms", "30000").param("params", "{\"url\":\"https://x\"}").param("enabled", "true"));

        assertEquals(303, resp.status);
        assertEquals("/system/console/warden/fleet", resp.headers.get("Location"));
        FleetAssignment stored = fleet.byKey.get("agent.a1.web");
        assertEquals("http-check", stored.assignment().pluginId());
        assertEquals("1.2.0", stored.assignment().pluginVersion());
        assertEquals(30_000, stored.assignment().intervalMs());
        assertEquals("{\"url\":\"https://x\"}", stored.assignment().params());
        assertTrue(stored.assignment().enabled());
        assertTrue(fleetPage().contains("Fleet assignment web stored for agent a1 (revision 1)."));
        assertTrue(auditText().contains("\"action\":\"fleet.assignment.put\",\"what\":{\"assignment_id\":\"web\",\"agent\":\"a1\""),
                auditText());
    }

    @Test
    void aSecretTypedAsTheMaskKeepsTheValueStoredForTheSameKeyOnly() throws IOException {
        registry.installed.add(ConsoleFakes.plugin("http-check", "1.2.0", List.of()));
        registry.secrets.put("http-check@1.2.0", Set.of("/password"));
        fleet.byKey.put("label.edge.web", new FleetAssignment(FleetTarget.label("edge"), new Assignment("web",
                "http-check", null, 60_000, null, "{\"url\":\"https://x\",\"password\":\"s3cret\"}", null, null, true,
                null), 4));

        post(browser.post("/fleet/assignment").param("id", "web").param("target_kind", "label").param("target", "edge")
                .param("plugin_id", "http-check").param("interval_ms", "30000")
                .param("params", "{\"url\":\"https://y\",\"password\":\"********\"}"));
        assertEquals("{\"url\":\"https://y\",\"password\":\"s3cret\"}",
                fleet.byKey.get("label.edge.web").assignment().params());

        // another target's key has no stored secret: the mask is refused, not stored as the password
        post(browser.post("/fleet/assignment").param("id", "web").param("target_kind", "agent").param("target", "a1")
                .param("plugin_id", "http-check").param("params", "{\"password\":\"********\"}"));
        assertNull(fleet.byKey.get("agent.a1.web"));
        String page = fleetPage();
        assertTrue(page.contains("<span class=\"warden-field\">params/password</span>"), page);
        assertFalse(auditText().contains("s3cret"), auditText());
    }

    @Test
    void theAssignmentFormRefusesBadInputWithANoticeAndStoresNothing() throws IOException {
        post(browser.post("/fleet/assignment").param("id", "web").param("target_kind", "label").param("target", "a.b")
                .param("plugin_id", "p"));
        assertTrue(fleetPage().contains("<span class=\"warden-code\">invalid_target</span>"));
        post(browser.post("/fleet/assignment").param("id", "web").param("target_kind", "label").param("target", "edge")
                .param("plugin_id", "p").param("params", "[1]"));
        assertTrue(fleetPage().contains("<span class=\"warden-field\">params</span>"));
        fleet.refuseAssignment = new InvalidAssignmentException("plugin_id", "plugin p is not published to the fleet");
        post(browser.post("/fleet/assignment").param("id", "web").param("target_kind", "label").param("target", "edge")
                .param("plugin_id", "p"));
        String page = fleetPage();
        assertTrue(page.contains("plugin p is not published to the fleet"), page);
        assertTrue(fleet.byKey.isEmpty());
        assertTrue(auditText().contains("\"outcome\":\"refused\",\"code\":\"invalid_assignment\""), auditText());
    }

    @Test
    void theDeleteButtonDeletesForItsTargetOrSaysNotFound() throws IOException {
        fleet.byKey.put("label.edge.web", new FleetAssignment(FleetTarget.label("edge"),
                new Assignment("web", "p", null, 60_000, null, "{}", null, null, true, null), 3));

        post(browser.post("/fleet/assignment/delete").param("id", "web").param("target_kind", "label").param("target", "edge"));
        assertTrue(fleet.byKey.isEmpty());
        assertTrue(fleetPage().contains("Fleet assignment web deleted for label edge."));
        post(browser.post("/fleet/assignment/delete").param("id", "web").param("target_kind", "label").param("target", "edge"));
        assertTrue(fleetPage().contains("<span class=\"warden-code\">not_found</span>"));
        assertTrue(auditText().contains("\"action\":\"fleet.assignment.delete\""), auditText());
    }

    @Test
    void thePublishFormHandsThePackageToTheFleetAndShowsRefusals() throws IOException {
        byte[] zip = "PK fake".getBytes(StandardCharsets.UTF_8);
        ConsoleHttp.Response resp = post(browser.post("/fleet/publish").file("package", "hello.zip", zip));
        assertEquals(303, resp.status);
        assertArrayEquals(zip, fleet.lastPublished);
        assertTrue(fleetPage().contains("Published plugin hello version 2.0.0 to the fleet (unsigned)."));

        fleet.onPublish = bytes -> {
            throw new InvalidPluginException("signature_required", "the package must be signed");
        };
        post(browser.post("/fleet/publish").file("package", "hello.zip", zip));
        String page = fleetPage();
        assertTrue(page.contains("<span class=\"warden-code\">signature_required</span>"), page);
        assertTrue(auditText().contains("\"action\":\"fleet.plugin.publish\""), auditText());
        assertTrue(auditText().contains("\"code\":\"signature_required\""), auditText());
    }

    @Test
    void fleetFormsNeedTheCsrfToken() throws IOException {
        ConsoleHttp.Response resp = new ConsoleHttp.Response();
        plugin.doPost(browser.post("/fleet/assignment/delete").param("id", "web").param("target_kind", "label")
                .param("target", "edge").proxy(), resp.proxy());
        assertEquals(403, resp.status);
        assertTrue(auditText().contains("\"action\":\"fleet.assignment.delete\""), auditText());
    }
}
