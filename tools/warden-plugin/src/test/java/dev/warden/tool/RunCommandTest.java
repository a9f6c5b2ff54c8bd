package dev.warden.tool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.warden.common.Json;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    /** One of the ports the http-check manifest may be granted. */
    /** One of the ports the http-check manifest allows, free on this machine when the class loads. */
    private static final int PORT = freeExamplePort(18083, 18082, 18081, 18080);

    private static int freeExamplePort(int... candidates) {
        for (int port : candidates) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.io.IOException taken) {
                // try the next one the manifest allows
            }
        }
        throw new IllegalStateException("none of the http-check example's ports is free: " + java.util.Arrays.toString(candidates));
    }

    @TempDir
    Path dir;

    private static JsonNode result(Cli r) throws Exception {
        return Json.mapper().readTree(r.out());
    }

    private static HttpServer server(AtomicInteger hits) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), PORT), 0);
        server.createContext("/health", exchange -> {
            hits.incrementAndGet();
            byte[] body = "{\"healthy\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String[] httpCheck(String... extra) {
        String[] base = {"run", Cli.example("http-check"), "--params",
            "{\"url\":\"http://127.0.0.1:" + PORT + "/health\"}", "--grant-networks", "127.0.0.1/32",
            "--grant-ports", Integer.toString(PORT)};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return all;
    }

    @Test
    void runsHelloAndPrintsTheResultWithStatsAndLog() throws Exception {
        Cli r = Cli.run("run", Cli.example("hello-c"), "--params", "{\"target\":\"demo\"}");
        assertEquals(0, r.code(), r.toString());
        JsonNode result = result(r);
        assertEquals("OK", result.path("status").asText());
        assertEquals("hello from demo", result.path("summary").asText());
        assertEquals("hello-c", result.path("plugin_id").asText());
        assertEquals(3, result.path("stats").path("host_calls").asInt());
        assertTrue(r.err().contains("[info] hello-c: checking demo"), r.toString());
    }

    @Test
    void interpreterModeGivesTheSameResult() throws Exception {
        Cli r = Cli.run("run", Cli.example("hello-c"), "--params", "@" + Files.writeString(dir.resolve("p.json"),
                "{\"target\":\"file\"}"), "--mode", "interpreter");
        assertEquals(0, r.code(), r.toString());
        assertEquals("hello from file", result(r).path("summary").asText());
    }

    @Test
    void httpCheckReachesAGrantedLoopbackServerAndFailOnSetsTheExitCode() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = server(hits);
        try {
            Cli r = Cli.run(httpCheck());
            assertEquals(0, r.code(), r.toString());
            assertEquals("OK", result(r).path("status").asText(), r.toString());
            assertEquals(1, hits.get());
            assertTrue(result(r).path("stats").path("egress_bytes").asLong() > 0, r.toString());

            Cli critical = Cli.run(httpCheck("--params", "{\"url\":\"http://127.0.0.1:" + PORT
                    + "/health\",\"expect_status\":204}", "--fail-on", "CRITICAL,UNKNOWN"));
            assertEquals(1, critical.code(), critical.toString());
            assertEquals("CRITICAL", result(critical).path("status").asText());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void withoutALoopbackGrantTheEgressPolicyDenies() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = server(hits);
        try {
            Cli r = Cli.run("run", Cli.example("http-check"), "--params",
                    "{\"url\":\"http://127.0.0.1:" + PORT + "/health\"}", "--grant-ports", Integer.toString(PORT));
            assertEquals(0, r.code(), r.toString());
            JsonNode result = result(r);
            assertEquals("UNKNOWN", result.path("status").asText(), r.toString());
            assertTrue(result.path("summary").asText().contains("DENIED"), r.toString());
            assertEquals(1, result.path("stats").path("egress_denied").asInt(), r.toString());
            assertEquals(0, hits.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void grantsWiderThanTheManifestAreRefusedLikeAnAssignment() {
        Cli r = Cli.run("run", Cli.example("http-check"), "--grant-ports", "22");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("refused assignment [grants.permissions.allowed_ports]"), r.toString());
    }

    @Test
    void recordedRunReplaysToTheSameResultWithoutTheNetwork() throws Exception {
        Path transcript = dir.resolve("http-check.transcript.json");
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = server(hits);
        Cli recorded;
        try {
            recorded = Cli.run(httpCheck("--record", transcript.toString()));
        } finally {
            server.stop(0);
        }
        assertEquals(0, recorded.code(), recorded.toString());
        assertEquals(1, hits.get());
        JsonNode t = Json.mapper().readTree(transcript.toFile());
        assertEquals(Transcript.FORMAT, t.path("format").asText());
        assertEquals("http_request", t.path("calls").get(2).path("name").asText(), t.toString());
        assertTrue(t.path("calls").get(2).path("writes").get(0).path("utf8").asText().contains("\"status\":200"),
                t.toString());

        // Nothing serves HTTP any more; a bare listener on the port notices any connection attempt.
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(PORT, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        connections.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Cli replayed = Cli.run("run", Cli.example("http-check"), "--replay", transcript.toString());
            assertEquals(0, replayed.code(), replayed.toString());
            JsonNode a = result(recorded);
            JsonNode b = result(replayed);
            assertEquals(a.path("status").asText(), b.path("status").asText());
            assertEquals("OK", b.path("status").asText());
            // http-check times the request with the WASI clock, which a replay does not control.
            assertEquals(withoutLatency(a.path("summary").asText()), withoutLatency(b.path("summary").asText()));
            assertEquals(metric(a, "status"), metric(b, "status"));
            assertEquals(metric(a, "response_bytes"), metric(b, "response_bytes"));
            assertEquals(a.path("labels"), b.path("labels"));
            assertEquals(a.path("stats").path("egress_bytes"), b.path("stats").path("egress_bytes"));
            assertEquals(a.path("stats").path("host_calls"), b.path("stats").path("host_calls"));
        }
        assertEquals(0, connections.get(), "a replay must not connect anywhere");
        assertEquals(1, hits.get());
    }

    @Test
    void replayRefusesATranscriptThatDoesNotMatchTheRun() throws Exception {
        Path transcript = dir.resolve("t.json");
        HttpServer server = server(new AtomicInteger());
        try {
            assertEquals(0, Cli.run(httpCheck("--record", transcript.toString())).code());
        } finally {
            server.stop(0);
        }
        String text = Files.readString(transcript).replaceFirst("\"name\" : \"http_request\"", "\"name\" : \"tcp_connect\"");
        Files.writeString(transcript, text);
        Cli r = Cli.run("run", Cli.example("http-check"), "--replay", transcript.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("replay mismatch: call #2 is env.http_request"), r.toString());
        assertEquals(2, Cli.run("run", Cli.example("http-check"), "--replay", transcript.toString(), "--params", "{}")
                .code());
    }

    private static double metric(JsonNode result, String name) {
        for (JsonNode m : result.path("metrics")) {
            if (m.path("name").asText().equals(name)) {
                return m.path("value").asDouble();
            }
        }
        throw new AssertionError("no metric " + name + " in " + result);
    }

    private static String withoutLatency(String summary) {
        return summary.replaceAll("in \\d+ms", "in Nms");
    }
}
