package dev.warden.fleet.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A real nats-server with JetStream on a free loopback port, restartable on the same port and store. */
final class NatsServerProcess implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nats-server");

    private final int port;
    private final Path store;
    private Process process;

    NatsServerProcess(Path store) throws IOException {
        this.store = store;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.port = s.getLocalPort();
        }
    }

    static boolean available() {
        return Files.isExecutable(BINARY);
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    NatsServerProcess start() throws IOException, InterruptedException {
        process = new ProcessBuilder(BINARY.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-js", "-sd",
                store.toString()).redirectErrorStream(true).redirectOutput(store.resolveSibling("nats-server.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return this;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IOException("nats-server did not listen on " + port);
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
