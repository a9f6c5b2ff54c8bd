package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.MetricsExposition;
import dev.warden.api.PluginRegistry;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * {@code /metrics} as operators use it: three assignments (OK, CRITICAL, a trap ending UNKNOWN) feed
 * the Prometheus sink; the exposition passes {@code promtool check metrics}, shows the expected
 * series, drops a deleted assignment's series, and a real Prometheus server on loopback scrapes it
 * with the API token from {@code conf/api-token}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MetricsIT extends TestSupport {

    private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");

    @Inject
    private PluginRegistry registry;

    @Inject
    private AssignmentRunner runner;

    @Inject
    private AssignmentStore store;

    @Inject
    private MetricsExposition exposition;

    @Test
    public void metricsPassPromtoolShowEveryOutcomeAndARealPrometheusScrapesThem() throws Exception {
        assumeTrue("promtool and prometheus are not installed (Debian package prometheus; .ci/run installs it)",
                Files.isExecutable(PROMTOOL) && Files.isExecutable(PROMETHEUS));
        ensureInstalled(registry, plugin("hello").wasm("hello-v2").capabilities("log", "submit_result"));
        ensureInstalled(registry, plugin("critical").capabilities("submit_result"));
        ensureInstalled(registry, plugin("trap").capabilities("submit_result"));
        for (String[] a : List.of(new String[] {"m-ok", "hello"}, new String[] {"m-critical", "critical"},
                new String[] {"m-trap", "trap"}, new String[] {"m-gone", "hello"})) {
            assign(store, runner, assignment(a[0], a[1], 1000, "{}"));
            assertTrue(a[0] + " ran", runner.runNow(a[0]).isPresent());
        }
        WardenApi api = api();

        assertEquals(401, api.getWithoutToken("/metrics").status());
        String text = awaitValue("/metrics with every assignment's latest status", Duration.ofSeconds(20), () -> {
            WardenApi.Response r = api.get("/metrics");
            return r.status() == 200 && r.body().contains("warden_check_status{assignment=\"m-trap\"") ? r.body() : null;
        });

        // kept next to the Prometheus files as a test artifact
        Files.writeString(Files.createDirectories(wardenHomeDir().resolveSibling("prometheus")).resolve("metrics.txt"), text);
        String promtool = promtoolCheck(text);
        assertEquals("promtool check metrics has no complaint", "", promtool);

        assertTrue(text, value(text, "warden_runs_total{assignment=\"m-ok\",plugin=\"hello\",status=\"OK\"}") >= 1);
        assertTrue(text, value(text, "warden_runs_total{assignment=\"m-critical\",plugin=\"critical\",status=\"CRITICAL\"}") >= 1);
        assertTrue(text, value(text, "warden_runs_total{assignment=\"m-trap\",plugin=\"trap\",status=\"UNKNOWN\"}") >= 1);
        assertTrue(text, value(text, "warden_run_abnormal_total{assignment=\"m-trap\",plugin=\"trap\",reason=\"trap\"}") >= 1);
        assertEquals(text, 0.0, value(text, "warden_check_status{assignment=\"m-ok\",plugin=\"hello\"}"), 0);
        assertEquals(text, 2.0, value(text, "warden_check_status{assignment=\"m-critical\",plugin=\"critical\"}"), 0);
        assertEquals(text, 3.0, value(text, "warden_check_status{assignment=\"m-trap\",plugin=\"trap\"}"), 0);
        assertTrue(text, value(text, "warden_run_duration_seconds_count{assignment=\"m-ok\",plugin=\"hello\"}") >= 1);
        assertTrue(text, value(text, "warden_host_calls_total{assignment=\"m-ok\",plugin=\"hello\"}") >= 2);
        assertTrue(text, value(text, "warden_run_memory_peak_bytes{assignment=\"m-ok\",plugin=\"hello\"}") >= 65536);
        assertTrue(text, value(text, "warden_plugin_runs_total{plugin=\"hello\",status=\"OK\",version=\"1.0.0\"}") >= 2);
        assertTrue(text, value(text, "warden_scheduler_assignments") >= 4);
        assertTrue(text, text.contains("# TYPE warden_run_duration_seconds histogram"));
        assertTrue(text, Pattern.compile("(?m)^warden_agent_info\\{agent_id=\"[^\"]+\",version=\"[^\"]+\"} 1$").matcher(text).find());
        assertTrue(text, text.contains("warden_assignment_backoff{assignment=\"m-trap\",plugin=\"trap\"}"));

        assertTrue(store.delete("m-gone"));
        await("the scheduler dropped m-gone", Duration.ofSeconds(15), () -> runner.assignment("m-gone").isEmpty());
        String after = api.get("/metrics").body();
        assertFalse(after, after.contains("assignment=\"m-gone\""));
        assertTrue(after, after.contains("assignment=\"m-ok\""));

        scrapedByRealPrometheus();
    }

    private void scrapedByRealPrometheus() throws Exception {
        Path dir = Files.createDirectories(wardenHomeDir().resolveSibling("prometheus"));
        int port = freePort();
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  scrape_timeout: 1s",
                "scrape_configs:",
                "  - job_name: warden",
                "    metrics_path: /metrics",
                "    authorization:",
                "      type: Bearer",
                "      credentials_file: " + wardenHomeDir().resolve("conf").resolve("api-token"),
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + httpPort() + "']",
                ""));
        Path log = dir.resolve("prometheus.log");
        Process prometheus = new ProcessBuilder(PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String up = awaitValue("Prometheus scraped the agent (up{job=\"warden\"} == 1); log " + log,
                    Duration.ofSeconds(60), () -> {
                        assertTrue("prometheus exited; see " + log, prometheus.isAlive());
                        String v = queryValue(client, port, "up{job=\"warden\"}");
                        return "1".equals(v) ? v : null;
                    });
            assertEquals("1", up);
            String runs = awaitValue("Prometheus holds warden_runs_total > 0", Duration.ofSeconds(30), () -> {
                String v = queryValue(client, port, "sum(warden_runs_total{job=\"warden\"})");
                return v != null && Double.parseDouble(v) > 0 ? v : null;
            });
            assertTrue(runs, Double.parseDouble(runs) >= 3);
            String critical = queryValue(client, port, "warden_check_status{assignment=\"m-critical\"}");
            assertEquals("2", critical);
            System.out.println("MetricsIT: Prometheus scraped /metrics: up=" + up + ", sum(warden_runs_total)=" + runs
                    + ", warden_check_status{assignment=\"m-critical\"}=" + critical);
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The first sample's value of an instant query, or null while there is none. */
    private static String queryValue(HttpClient client, int port, String query) {
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8));
        try {
            HttpResponse<String> resp = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                return null;
            }
            JsonNode result = WardenApi.json().readTree(resp.body()).path("data").path("result");
            return result.size() == 0 ? null : result.get(0).path("value").get(1).asText();
        } catch (IOException e) {
            return null; // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Pipes the exposition into {@code promtool check metrics}; returns its output, failing on a non-zero exit. */
    private static String promtoolCheck(String exposition) throws Exception {
        Process p = new ProcessBuilder(PROMTOOL.toString(), "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("promtool finished", p.waitFor(30, TimeUnit.SECONDS));
        assertEquals("promtool check metrics: " + output, 0, p.exitValue());
        return output.trim();
    }

    /** The value of the series written exactly as {@code series} (name and labels), failing when it is missing. */
    private static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in\n" + exposition);
        }
        return Double.parseDouble(m.group(1));
    }
}
