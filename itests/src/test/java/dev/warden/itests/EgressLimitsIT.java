package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.Status;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The caps of a granted target: time (a server that trickles, a server that never answers), size
 * (a body over max_http_response_bytes), connections (max_open_connections) and the end of the
 * run (handles die with it, connections are closed).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EgressLimitsIT extends EgressTestSupport {

    private static final String LOOPBACK = "127.0.0.1/32";
    private static final long RUN_TIMEOUT_MS = 5000;
    private static final long SHORT_RUN_TIMEOUT_MS = 1500;
    private static final int BODY_CAP = 65536;

    private static WebTarget web;
    private static TcpEchoServer echo;
    private static TcpEchoServer mute;

    @Before
    public void targetsAndPlugins() throws Exception {
        synchronized (EgressLimitsIT.class) {
            if (web == null) {
                web = WebTarget.start();
                echo = TcpEchoServer.echo();
                mute = TcpEchoServer.mute();
            }
        }
        List<Integer> ports = ports(web.port(), echo.port(), mute.port());
        ensureInstalled(registry, plugin("net-http").capabilities("get_config", "log", "submit_result", "http_request")
                .memoryMb(8).timeoutMs(RUN_TIMEOUT_MS).networks(LOOPBACK).permissions(List.of(), ports)
                .extraManifest("  max_http_response_bytes: " + BODY_CAP + "\n"));
        ensureInstalled(registry, plugin("net-http-short").wasm("net-http")
                .capabilities("get_config", "log", "submit_result", "http_request")
                .memoryMb(8).timeoutMs(SHORT_RUN_TIMEOUT_MS).networks(LOOPBACK).permissions(List.of(), ports));
        ensureInstalled(registry, plugin("net-http-default-cap").wasm("net-http")
                .capabilities("get_config", "log", "submit_result", "http_request")
                .memoryMb(8).timeoutMs(RUN_TIMEOUT_MS).networks(LOOPBACK).permissions(List.of(), ports));
        ensureInstalled(registry, plugin("net-tcp").capabilities("get_config", "log", "submit_result", "tcp_connect")
                .timeoutMs(RUN_TIMEOUT_MS).networks(LOOPBACK).permissions(List.of(), ports)
                .extraManifest("  max_open_connections: 2\n"));
    }

    private static Permissions loopback() {
        return grant(List.of(), List.of(LOOPBACK), ports(web.port(), echo.port(), mute.port()));
    }

    @Test
    public void trickleOutlastingTheCallTimeoutAnswersTimeoutWellInsideTheRun() throws Exception {
        long start = System.nanoTime();
        CheckResult result = run("net-http", loopback(), httpParams(Map.of("url", web.url("/trickle/call-timeout"),
                "timeout_ms", 500, "response_mode", "status_body")));
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(result.toString(), Status.OK, result.status());
        assertMetric(result, "rc", -6);
        assertTrue("the call waited for its timeout: " + result.stats(), result.stats().wallMs() >= 450);
        assertTrue("the run ended long before its " + RUN_TIMEOUT_MS + " ms budget: " + result.stats(),
                result.stats().wallMs() < RUN_TIMEOUT_MS / 2);
        assertTrue("run-now came back in " + elapsedMs + " ms", elapsedMs < RUN_TIMEOUT_MS);
        awaitValue("the trickling server saw its client go away", Duration.ofSeconds(3),
                () -> web.trickleAbandonedAt("call-timeout"));
    }

    @Test
    public void trickleWithoutCallTimeoutIsCutByTheRunBudgetAndTheConnectionDropped() throws Exception {
        CheckResult result = run("net-http-short", loopback(),
                httpParams(Map.of("url", web.url("/trickle/run-budget"), "response_mode", "status_body")));
        long endedAt = System.nanoTime();
        assertTrue("the run stayed near its " + SHORT_RUN_TIMEOUT_MS + " ms budget: " + result.stats(),
                result.stats().wallMs() < SHORT_RUN_TIMEOUT_MS + 1000);
        if (result.status() == Status.OK) {
            assertMetric(result, "rc", -6);
        } else {
            assertEquals("either the call timed out in time or the run did: " + result, "timeout",
                    result.stats().abnormalEnd());
        }
        System.out.println("EgressLimitsIT trickle without call timeout: " + result.status() + " "
                + result.summary() + " " + result.stats());
        long abandonedAt = awaitValue("the trickling server saw its client go away", Duration.ofSeconds(5),
                () -> web.trickleAbandonedAt("run-budget"));
        long lingerMs = (abandonedAt - endedAt) / 1_000_000;
        assertTrue("the connection was dropped with the run, not " + lingerMs + " ms later", lingerMs < 2000);
    }

    @Test
    public void bodyOverMaxHttpResponseBytesIsTooLarge() throws Exception {
        CheckResult within = run("net-http", loopback(), httpParams(Map.of("url", web.url("/bytes/" + (BODY_CAP - 1024)),
                "response_mode", "status_body")));
        assertMetric(within, "status", 200);
        assertMetric(within, "body_bytes", BODY_CAP - 1024);

        for (String mode : List.of("status_body", "json")) {
            CheckResult over = run("net-http", loopback(), httpParams(Map.of("url", web.url("/bytes/" + (BODY_CAP + 1)),
                    "response_mode", mode)));
            assertEquals(mode + ": " + over, Status.OK, over.status());
            assertMetric(over, "rc", -3);
        }
    }

    @Test
    public void bodyOverTheDefaultCapOfTwoMebibytesIsTooLarge() throws Exception {
        CheckResult over = run("net-http-default-cap", loopback(), httpParams(Map.of(
                "url", web.url("/bytes/" + (2 * 1024 * 1024 + 1)), "response_mode", "status_body")));
        assertMetric(over, "rc", -3);
    }

    @Test
    public void connectBeyondMaxOpenConnectionsIsTooLargeAndAllAreClosedAfterTheRun() throws Exception {
        int closedBefore = echo.closedByClient();
        CheckResult result = run("net-tcp", loopback(),
                json("host", "127.0.0.1", "port", echo.port(), "connects", 3, "read", 0, "keep", 1));
        assertTrue("first connect: " + result, Results.metric(result, "first_connect") >= 0);
        assertMetric(result, "opened", 2);
        assertMetric(result, "connect", -3);
        await("both connections the run left open were closed when it ended", Duration.ofSeconds(5),
                () -> echo.closedByClient() >= closedBefore + 2);
    }

    @Test
    public void handlesFromAnEarlierRunAreBadHandlesInTheNextRun() throws Exception {
        int closedBefore = echo.closedByClient();
        CheckResult first = run("net-tcp", loopback(),
                json("host", "127.0.0.1", "port", echo.port(), "send", "ping", "keep", 1));
        long handle = Results.metric(first, "handle");
        assertTrue("a handle: " + first, handle >= 0);
        assertMetric(first, "read", 4);
        await("the connection left open died with the run", Duration.ofSeconds(5),
                () -> echo.closedByClient() > closedBefore);

        CheckResult second = run("net-tcp", loopback(), json("use_handle", handle, "send", "again"));
        assertMetric(second, "write", -7);
        assertMetric(second, "read", -7);
        assertMetric(second, "close", -7);
    }

    @Test
    public void readFromASilentServerTimesOut() throws Exception {
        CheckResult result = run("net-tcp", loopback(),
                json("host", "127.0.0.1", "port", mute.port(), "send", "hello?", "read_timeout_ms", 300));
        assertMetric(result, "write", 6);
        assertMetric(result, "read", -6);
        assertMetric(result, "close", 0);
        assertTrue("inside the run budget: " + result.stats(), result.stats().wallMs() < RUN_TIMEOUT_MS / 2);
    }
}
