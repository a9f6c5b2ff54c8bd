package dev.warden.distribution;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code bin/warden} on a fresh home and a free loopback port, started and awaited healthy, with
 * the HTTP helpers the process tests share: requests carrying the generated API token or console
 * password, read from the home's {@code conf/}.
 */
final class RunningAgent implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private final Path home;
    private final Path log;
    private final int port;
    private WardenProcess process;

    private RunningAgent(Path home, Path log, int port) {
        this.home = home;
        this.log = log;
        this.port = port;
    }

    /** A fresh home that the caller may prepare (e.g. {@code load/*.cfg}) before {@link #start()}. */
    static RunningAgent prepare(String name) throws IOException {
        Path home = Files.createTempDirectory(name + "-home");
        Path log = Files.createTempFile(name, ".log");
        return new RunningAgent(home, log, WardenProcess.freePort());
    }

    Path home() {
        return home;
    }

    /** Starts bin/warden and waits until it is healthy; a process that does not get there is killed. */
    RunningAgent start() throws Exception {
        process = WardenProcess.start(home, port, log);
        try {
            awaitHealthy();
        } catch (Exception | Error e) {
            process.killHard();
            throw e;
        }
        return this;
    }

    private void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("bin/warden exited before it became healthy:\n" + tail(80));
            }
            try {
                HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/api/v1/health")).GET().build());
                if (health.statusCode() == 200 && Files.isRegularFile(home.resolve("conf/api-token"))
                        && Files.isRegularFile(home.resolve("conf/console-password"))) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // Jetty is not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("no healthy /api/v1/health within " + START_TIMEOUT + ":\n" + tail(80));
    }

    /** Waits until each path answers {@code status} to the API token. */
    void awaitStatus(int status, String... paths) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (String path : paths) {
            HttpResponse<String> last = send(api(path).GET().build());
            while (last.statusCode() != status) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("GET " + path + " answered " + last.statusCode() + " " + last.body()
                            + ", not " + status + ":\n" + tail(60));
                }
                Thread.sleep(200);
                last = send(api(path).GET().build());
            }
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    String apiToken() throws IOException {
        return Files.readString(home.resolve("conf/api-token"), StandardCharsets.UTF_8).trim();
    }

    String consolePassword() throws IOException {
        return Files.readString(home.resolve("conf/console-password"), StandardCharsets.UTF_8).trim();
    }

    /** {@code Basic} credentials of the console user with the generated password. */
    String consoleAuthorization() throws IOException {
        return basic("admin", consolePassword());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    HttpRequest.Builder api(String path) throws IOException {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + apiToken());
    }

    HttpRequest.Builder console(String path) throws IOException {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", consoleAuthorization());
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The last lines of the agent's output, for failure messages. */
    String tail(int lines) {
        return process == null ? "" : process.tail(lines);
    }

    /** Kills the process (SIGKILL) and keeps its home, so that {@link #start()} resumes it. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.killHard();
        }
    }

    /** Kills the process (SIGKILL, always) and removes its home; the log stays for a post-mortem. */
    @Override
    public void close() throws Exception {
        try {
            if (process != null) {
                process.killHard();
            }
        } finally {
            deleteTree(home);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
