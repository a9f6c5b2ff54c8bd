package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static dev.warden.itests.Results.metric;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Locale;
import java.util.Map;

import javax.inject.Inject;

import dev.warden.api.CheckRunner;
import dev.warden.api.PluginRegistry;
import dev.warden.api.RunRequest;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** What a hostile or broken plugin can do to the engine: spin, grow, trap. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class SandboxIT extends TestSupport {

    private static final String ENGINE_PID = "dev.warden.engine";
    private static final long TIMEOUT_MS = 500;
    private static final long GRACE_MS = 250;

    @Inject
    private PluginRegistry registry;

    @Test
    public void brIfLoopStopsWithinTimeoutInCompilerMode() throws Exception {
        assertSpinStops("compiler");
    }

    @Test
    public void brIfLoopStopsWithinTimeoutInInterpreterMode() throws Exception {
        assertSpinStops("interpreter");
    }

    @Test
    public void memoryGrowPastTheCapAnswersMinusOne() throws Exception {
        ensureInstalled(registry, plugin("grow").capabilities("submit_result").memoryMb(1));
        CheckResult result = run("grow");
        assertEquals(result.toString(), Status.OK, result.status());
        assertEquals("a grow within the 16-page cap succeeds", 1, metric(result, "grow_within"));
        assertEquals("a grow past the cap fails without trapping", -1, metric(result, "grow_past"));
        assertEquals(2, metric(result, "pages"));
    }

    @Test
    public void trapEndsTheRunAsUnknownWithTheReason() throws Exception {
        ensureInstalled(registry, plugin("trap").capabilities("submit_result"));
        CheckResult result = run("trap");
        assertEquals(result.toString(), Status.UNKNOWN, result.status());
        String summary = result.summary().toLowerCase(Locale.ROOT);
        assertTrue("the reason is in the summary: " + result.summary(),
                summary.contains("unreachable") || summary.contains("trap"));
        assertEquals("trap", result.stats().abnormalEnd());
    }

    private void assertSpinStops(String mode) throws Exception {
        configure(ENGINE_PID, CheckRunner.class, Map.of("mode", mode));
        ensureInstalled(registry, plugin("spin").capabilities("submit_result").timeoutMs(TIMEOUT_MS));
        run("spin"); // compiles and caches the module, so the timed run below is only the run

        long start = System.nanoTime();
        CheckResult result = run("spin");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        System.out.println("SandboxIT " + mode + ": spin stopped after " + elapsedMs + " ms: " + result.summary());
        assertEquals(result.toString(), Status.UNKNOWN, result.status());
        assertTrue("a timeout summary: " + result.summary(),
                result.summary().toLowerCase(Locale.ROOT).contains("time"));
        assertEquals("timeout", result.stats().abnormalEnd());
        assertTrue(mode + ": stopped after " + elapsedMs + " ms, limit " + (TIMEOUT_MS + GRACE_MS),
                elapsedMs <= TIMEOUT_MS + GRACE_MS);
        assertTrue(mode + ": ran its whole budget, not " + elapsedMs + " ms", elapsedMs >= TIMEOUT_MS - 50);
    }

    /** One run straight on the engine, of the newest installed version. */
    private CheckResult run(String pluginId) {
        var pkg = registry.find(pluginId, null).orElseThrow();
        var request = new RunRequest(pkg, assignment(pluginId, pluginId, 3_600_000, "{}"), "itest");
        return service(CheckRunner.class).run(request);
    }
}
