package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.AssignmentRunner;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Versions change under a running schedule: a new version takes the next run while the run in
 * flight finishes on the old one, pinning rolls back, and a version an assignment would run now
 * cannot be deleted.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class VersionSwitchIT extends TestSupport {

    private static final String ASSIGNMENT = "switch";
    private static final Duration SWITCH_TIMEOUT = Duration.ofSeconds(10);

    @Inject
    private ResultStore results;

    /** Results of the assignment already looked at, so each wait sees only what is new. */
    private final Set<String> seen = new HashSet<>();

    @Test
    public void newVersionTakesTheNextRunPinningRollsBackAndAVersionInUseCannotBeDeleted() throws Exception {
        configure("dev.warden.scheduler", AssignmentRunner.class, Map.of("jitter_percent", 0));
        AssignmentRunner runner = service(AssignmentRunner.class); // the configuration made a new one
        PluginRegistry registry = service(PluginRegistry.class);
        WardenApi api = api();
        registry.install(slow("1.0.0", "slow-v1").stream(), "disk");
        put(api, null);

        CheckResult first = nextResult();
        assertOnVersion(first, "1.0.0", "slow v1");

        // Install v2 just after a run has started: that run has ~600 ms of busy work left.
        awaitRunStart(runner);
        long installStart = System.nanoTime();
        registry.install(slow("2.0.0", "slow-v2").stream(), "disk");
        Instant installed = Instant.now();
        System.out.println("VersionSwitchIT: installing v2 took " + (System.nanoTime() - installStart) / 1_000_000 + " ms");
        CheckResult inFlight = nextResult();
        assertOnVersion(inFlight, "1.0.0", "slow v1");
        assertTrue("the v1 run was still in flight when v2 was installed: ended " + inFlight.observedAt()
                + ", v2 installed " + installed, Instant.parse(inFlight.observedAt()).isAfter(installed));
        List<CheckResult> after = new ArrayList<>();
        CheckResult switched = awaitValue("a run on v2", SWITCH_TIMEOUT, () -> {
            CheckResult r = nextResult();
            after.add(r);
            return "2.0.0".equals(r.pluginVersion()) ? r : null;
        });
        assertOnVersion(switched, "2.0.0", "slow v2");
        assertTrue("at most one more run on v1 (started before install returned): " + after, after.size() <= 2);
        assertOnVersion(nextResult(), "2.0.0", "slow v2");

        assertEquals("the newest version, followed by the assignment, stays",
                409, api.delete("/api/v1/plugins/slow/2.0.0").status());

        // Rollback: pin to v1.
        put(api, "1.0.0");
        CheckResult pinned = awaitValue("a run on the pinned v1", SWITCH_TIMEOUT, () -> {
            CheckResult r = nextResult();
            return "1.0.0".equals(r.pluginVersion()) ? r : null;
        });
        assertOnVersion(pinned, "1.0.0", "slow v1");
        assertOnVersion(nextResult(), "1.0.0", "slow v1");
        WardenApi.Response refused = api.delete("/api/v1/plugins/slow/1.0.0");
        assertEquals(refused.toString(), 409, refused.status());
        assertTrue(refused.body(), refused.json().path("error").path("message").asText().contains(ASSIGNMENT));
        assertTrue("still installed", registry.find("slow", "1.0.0").isPresent());

        // Unpin: back to the newest, and v1 can go.
        put(api, null);
        awaitValue("a run on v2 after unpinning", SWITCH_TIMEOUT, () -> {
            CheckResult r = nextResult();
            return "2.0.0".equals(r.pluginVersion()) ? r : null;
        });
        WardenApi.Response deleted = api.delete("/api/v1/plugins/slow/1.0.0");
        assertTrue(deleted.toString(), deleted.status() == 200 || deleted.status() == 204);
        assertTrue("v1 is gone", registry.find("slow", "1.0.0").isEmpty());
        assertOnVersion(nextResult(), "2.0.0", "slow v2");
    }

    /** Busy for 600 ms per run on a 1 s interval (the shortest the assignment store allows). */
    private static PluginZip slow(String version, String fixture) {
        return plugin("slow").version(version).wasm(fixture).runtime("wasi-preview1").capabilities("submit_result");
    }

    private static void put(WardenApi api, String pinnedVersion) {
        ObjectNode body = WardenApi.json().createObjectNode();
        body.put("plugin_id", "slow");
        if (pinnedVersion != null) {
            body.put("plugin_version", pinnedVersion);
        }
        body.put("interval_ms", 1000);
        body.put("enabled", true);
        WardenApi.Response put = api.putJson("/api/v1/assignments/" + ASSIGNMENT, body);
        assertTrue(put.toString(), put.status() == 200 || put.status() == 201);
    }

    /** Waits until no run is in flight and then one starts: the moment a run has all its work ahead. */
    private static void awaitRunStart(AssignmentRunner runner) throws InterruptedException {
        long deadline = System.nanoTime() + SWITCH_TIMEOUT.toNanos();
        boolean idle = false;
        while (System.nanoTime() < deadline) {
            int inFlight = runner.stats().inFlight();
            if (inFlight == 0) {
                idle = true;
            } else if (idle) {
                return;
            }
            Thread.sleep(2);
        }
        throw new AssertionError("no run started within " + SWITCH_TIMEOUT + ": " + runner.stats());
    }

    /** The oldest result of the assignment not looked at yet, waiting for one if needed. */
    private CheckResult nextResult() {
        CheckResult next = awaitValue("a new result of " + ASSIGNMENT, SWITCH_TIMEOUT, () -> {
            List<CheckResult> newestFirst = results.latest(ASSIGNMENT, 50);
            for (int i = newestFirst.size() - 1; i >= 0; i--) {
                if (!seen.contains(newestFirst.get(i).id())) {
                    return newestFirst.get(i);
                }
            }
            return null;
        });
        seen.add(next.id());
        return next;
    }

    private static void assertOnVersion(CheckResult result, String version, String summary) {
        assertEquals(result.toString(), Status.OK, result.status());
        assertEquals(result.toString(), version, result.pluginVersion());
        assertEquals(result.toString(), summary, result.summary());
    }
}
