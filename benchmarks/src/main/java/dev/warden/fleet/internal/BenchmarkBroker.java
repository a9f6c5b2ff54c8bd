package dev.warden.fleet.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The Debian nats-server with JetStream on a free loopback port and a store of its own, for one benchmark trial. */
final class BenchmarkBroker implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/sbin/nats-server");

    private final int port;
    private final Process process;

    private BenchmarkBroker(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    static BenchmarkBroker start(Path dir) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IOException(BINARY + " is missing: install the nats-server package");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process process = new ProcessBuilder(BINARY.toString(), "-a", "127.0.0.1", "-p", Integer.toString(port), "-js",
                "-sd", dir.resolve("store").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nats-server.log").toFile()).start();
        BenchmarkBroker broker = new BenchmarkBroker(port, process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return broker;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        broker.close();
        throw new IOException("nats-server did not listen on " + port + " (see " + dir.resolve("nats-server.log") + ")");
    }

    String url() {
        return "nats://127.0.0.1:" + port;
    }

    /** The server's resident memory in MiB, or -1 where /proc does not tell. */
    long residentMiB() {
        return ProcessMemory.residentMiB(process.pid());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
