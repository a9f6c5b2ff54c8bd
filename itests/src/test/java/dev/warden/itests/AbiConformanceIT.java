package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static dev.warden.itests.Results.metric;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.LogLine;
import dev.warden.api.dto.Status;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Host ABI v1 (DESIGN.md §4) as a plugin sees it on the real bundles. The probe plugins report
 * the host's answers in their result metrics; see {@code src/test/resources/wasm/*.wat}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AbiConformanceIT extends TestSupport {

    /** Longer than the 1-byte buffer of the probe's first call. */
    private static final String PARAMS = "{\"probe\":\"abcdefghij\"}";
    /** Only run-now runs these assignments during a test. */
    private static final long HOURLY = 3_600_000;

    @Inject
    private PluginRegistry registry;

    @Inject
    private AssignmentStore store;

    @Inject
    private AssignmentRunner runner;

    @Test
    public void getConfigAnswersTooLargeForASmallBufferAndTheByteCountOtherwise() throws Exception {
        CheckResult result = runAbiProbe();
        assertEquals(result.toString(), -3, metric(result, "config_small"));
        assertEquals("nothing is written on -3", 0, metric(result, "small_wrote"));
        String params = runner.assignment("abi").orElseThrow().params();
        assertEquals("params as the host holds them: " + params, PARAMS, params);
        assertEquals(params.getBytes(StandardCharsets.UTF_8).length, metric(result, "config_full"));
        assertEquals("the JSON was written into the buffer", '{', metric(result, "config_first"));
    }

    @Test
    public void logLevelsArriveInOrderWithTheirLevels() throws Exception {
        CheckResult result = runAbiProbe();
        assertEquals(List.of(
                new LogLine("debug", "abi debug line"),
                new LogLine("info", "abi info line"),
                new LogLine("warn", "abi warn line"),
                new LogLine("error", "abi error line")), result.logs());
    }

    @Test
    public void lastSubmittedResultWins() throws Exception {
        CheckResult result = runAbiProbe();
        assertEquals("the first submit_result was accepted", 0, metric(result, "first_submit"));
        assertEquals(result.toString(), Status.OK, result.status());
        assertEquals("abi probe", result.summary());
        assertEquals(5, result.metrics().size());
    }

    @Test
    public void importOfACapabilityTheManifestDoesNotRequestIsRefusedAtInstall() {
        // The module imports get_config; its manifest does not ask for it. DESIGN.md §4: such a
        // module is invalid when it is installed, it never gets as far as a run.
        InvalidPluginException refused = assertThrows(InvalidPluginException.class,
                () -> install(registry, plugin("denied-unrequested").wasm("denied").capabilities("submit_result")));
        assertEquals(refused.getMessage(), "invalid_module", refused.code());
        assertTrue(refused.getMessage(), refused.getMessage().contains("get_config"));
        assertTrue(registry.find("denied-unrequested", null).isEmpty());
    }

    @Test
    public void capabilityTheOperatorDidNotGrantIsDenied() throws Exception {
        ensureInstalled(registry, plugin("denied-ungranted").wasm("denied").capabilities("get_config", "submit_result"));
        Grants onlyResults = new Grants(List.of("submit_result"), null);
        assign(store, runner, new Assignment("denied-ungranted", "denied-ungranted", null, HOURLY, null, PARAMS,
                onlyResults, Map.of(), true, null));
        CheckResult result = runner.runNow("denied-ungranted").orElseThrow();
        assertEquals(result.toString(), Status.OK, result.status());
        assertEquals(-2, metric(result, "get_config"));
    }

    @Test
    public void grantedGetConfigOnTheSameModuleAnswersTheByteCount() throws Exception {
        // Control for the two denial tests: same module, capability requested and granted.
        ensureInstalled(registry, plugin("denied-granted").wasm("denied").capabilities("get_config", "submit_result"));
        assign(store, runner, assignment("denied-granted", "denied-granted", HOURLY, PARAMS));
        CheckResult result = runner.runNow("denied-granted").orElseThrow();
        assertEquals(PARAMS.length(), metric(result, "get_config"));
    }

    private CheckResult runAbiProbe() throws Exception {
        ensureInstalled(registry, plugin("abi"));
        assign(store, runner, assignment("abi", "abi", HOURLY, PARAMS));
        CheckResult result = runner.runNow("abi").orElseThrow();
        assertEquals("abi", result.pluginId());
        assertTrue("2 get_config + 4 log + 2 submit_result: " + result.stats(), result.stats().hostCalls() >= 8);
        return result;
    }
}
