package dev.warden.distribution;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The built distribution's {@code bin/warden}, run as a real process on a given home and port. */
final class WardenProcess {

    private final Process process;
    private final Path log;

    private WardenProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static Path distribution() {
        String dist = System.getProperty("warden.dist");
        if (dist == null || dist.isBlank()) {
            throw new IllegalStateException("system property warden.dist is not set (run through failsafe)");
        }
        Path path = Path.of(dist);
        if (!Files.isExecutable(path.resolve("bin/warden"))) {
            throw new IllegalStateException("no executable bin/warden in " + path);
        }
        return path;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Starts {@code bin/warden} with the same JDK that runs the test; output goes to {@code log}. */
    static WardenProcess start(Path home, int port, Path log) throws IOException {
        return start(home, port, log, Map.of());
    }

    /**
     * As {@link #start(Path, int, Path)}, with {@code overrides} applied to the environment last; an
     * empty value removes the variable (e.g. {@code WARDEN_HTTP_HOST} to get bin/warden's default).
     */
    static WardenProcess start(Path home, int port, Path log, Map<String, String> overrides) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(distribution().resolve("bin/warden").toString());
        Map<String, String> env = builder.environment();
        env.put("WARDEN_HOME", home.toString());
        env.put("WARDEN_HTTP_PORT", Integer.toString(port));
        env.put("WARDEN_HTTP_HOST", "127.0.0.1");
        env.put("WARDEN_JAVA_OPTS", "-Xmx256m");
        ProcessHandle.current().info().command().ifPresent(java -> env.put("JAVA", java));
        overrides.forEach((name, value) -> {
            if (value.isEmpty()) {
                env.remove(name);
            } else {
                env.put(name, value);
            }
        });
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return new WardenProcess(builder.start(), log);
    }

    /** The JVM's command line as {@code ps} shows it to every user of the machine. */
    String commandLine() {
        return process.toHandle().info().commandLine().orElse("");
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGKILL on the JVM and anything it started: no shutdown hook, no flush. {@code bin/warden}
     * execs java, so the started process is the JVM; descendants are killed first in case a shell
     * stayed in between.
     */
    void killHard() throws InterruptedException {
        List<ProcessHandle> descendants = process.toHandle().descendants().toList();
        for (ProcessHandle child : descendants) {
            child.destroyForcibly();
        }
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
        for (ProcessHandle child : descendants) {
            child.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> child).join();
        }
    }

    /** The last lines of the agent's output, for failure messages. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
