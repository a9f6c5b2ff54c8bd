package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Locale;

import javax.inject.Inject;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/** Capabilities and plugin versions change under a running framework, and the next run follows. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT extends TestSupport {

    private static final long HOURLY = 3_600_000;

    @Inject
    private PluginRegistry registry;

    @Inject
    private AssignmentStore store;

    @Inject
    private AssignmentRunner runner;

    @Test
    public void stoppingTheLogCapabilityMakesRunsUnknownUntilItIsStartedAgain() throws Exception {
        ensureInstalled(registry, plugin("logger").wasm("hello-v1").capabilities("log", "submit_result"));
        assign(store, runner, assignment("logger", "logger", HOURLY, "{}"));
        assertEquals(Status.OK, runner.runNow("logger").orElseThrow().status());

        Bundle logCapability = installedBundle("dev.warden.capability.log");
        logCapability.stop();
        try {
            CheckResult withoutLog = runner.runNow("logger").orElseThrow();
            assertEquals(withoutLog.toString(), Status.UNKNOWN, withoutLog.status());
            String summary = withoutLog.summary().toLowerCase(Locale.ROOT);
            assertTrue("names the missing capability: " + withoutLog.summary(),
                    summary.contains("missing capability") && summary.contains("log"));
            assertEquals("missing_capability", withoutLog.stats().abnormalEnd());
            assertEquals(Bundle.ACTIVE, installedBundle("dev.warden.engine").getState());
        } finally {
            logCapability.start();
        }

        CheckResult back = awaitValue("an OK run once log is back", Duration.ofSeconds(10), () -> {
            CheckResult r = runner.runNow("logger").orElseThrow();
            return r.status() == Status.OK ? r : null;
        });
        assertEquals("hello v1", back.summary());
    }

    @Test
    public void installingVersionTwoOfAPackageMakesTheNextRunUseIt() throws Exception {
        install(registry, plugin("versioned").wasm("hello-v1").version("1.0.0").capabilities("log", "submit_result"));
        assign(store, runner, assignment("versioned", "versioned", HOURLY, "{}"));
        CheckResult v1 = runner.runNow("versioned").orElseThrow();
        assertEquals(v1.toString(), "hello v1", v1.summary());
        assertEquals("1.0.0", v1.pluginVersion());

        install(registry, plugin("versioned").wasm("hello-v2").version("2.0.0").capabilities("log", "submit_result"));
        CheckResult v2 = runner.runNow("versioned").orElseThrow();
        assertEquals(v2.toString(), Status.OK, v2.status());
        assertEquals("hello v2", v2.summary());
        assertEquals("2.0.0", v2.pluginVersion());
        assertEquals("both versions stay installed side by side", 2,
                registry.list().stream().filter(p -> p.id().equals("versioned")).count());
    }
}
