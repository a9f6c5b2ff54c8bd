package dev.warden.distribution;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Debian {@code nats-server} run by a test with a given configuration, rewritten to listen on
 * a free loopback port and to keep JetStream in a directory of the test. It can be stopped and
 * started again on the same port and store, as a broker outage looks to the agents.
 */
final class NatsBroker implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nats-server");

    private final Path config;
    private final Path log;
    private final Map<String, String> env;
    private final int port;
    private Process process;

    private NatsBroker(Path config, Path log, Map<String, String> env, int port) {
        this.config = config;
        this.log = log;
        this.env = env;
        this.port = port;
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    /**
     * @param template a nats-server configuration with {@code listen:} and {@code store_dir:} lines
     * @param env variables the configuration refers to (passwords)
     */
    static NatsBroker start(Path template, Path dir, Map<String, String> env) throws Exception {
        Files.createDirectories(dir);
        int port = WardenProcess.freePort();
        String conf = Files.readString(template, StandardCharsets.UTF_8)
                .replaceFirst("(?m)^listen:.*$", "listen: 127.0.0.1:" + port)
                .replaceFirst("(?m)^(\\s*)store_dir:.*$", "$1store_dir: \"" + dir.resolve("store") + "\"");
        Path config = dir.resolve("nats.conf");
        Files.writeString(config, conf, StandardCharsets.UTF_8);
        NatsBroker broker = new NatsBroker(config, dir.resolve("nats.log"), env, port);
        broker.start();
        return broker;
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** Starts (again) on the same port and store and waits until it accepts connections. */
    void start() throws Exception {
        ProcessBuilder builder = new ProcessBuilder(BINARY.toString(), "-c", config.toString());
        builder.environment().putAll(env);
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        process = builder.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nats-server exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("nats-server did not listen on " + port);
    }

    /** Stops the broker hard, as a crash or a network cut looks to the agents. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
