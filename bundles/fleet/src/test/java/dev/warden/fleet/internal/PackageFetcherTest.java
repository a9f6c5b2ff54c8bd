package dev.warden.fleet.internal;

import static dev.warden.fleet.internal.FleetTestSupport.eventually;
import static dev.warden.fleet.internal.FleetTestSupport.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.PluginInfo;
import io.nats.client.api.ObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageFetcherTest {

    @TempDir
    Path tmp;

    private NatsServerProcess server;
    private FleetConnection fleet;
    private final AtomicInteger installs = new AtomicInteger();

    /** A registry that has nothing installed and counts what it is asked to install, refusing it all. */
    private final PluginRegistry registry = new PluginRegistry() {
        @Override
        public List<PluginInfo> list() {
            return List.of();
        }

        @Override
        public Optional<PluginPackage> find(String id, String version) {
            return Optional.empty();
        }

        @Override
        public PluginInfo install(InputStream zip, String origin) throws InvalidPluginException {
            installs.incrementAndGet();
            throw new InvalidPluginException("invalid_package", "not a package (test registry)");
        }

        @Override
        public PluginInfo validate(InputStream zip, String origin) throws InvalidPluginException {
            throw new InvalidPluginException("invalid_package", "not a package (test registry)");
        }

        @Override
        public boolean delete(String id, String version) {
            return false;
        }

        @Override
        public void validateAssignment(Assignment assignment) {
        }

        @Override
        public Set<String> secretParams(String id, String version) {
            return Set.of();
        }
    };

    @BeforeEach
    void start() throws Exception {
        assumeTrue(NatsServerProcess.available(), "nats-server is not installed at /usr/sbin/nats-server");
        server = new NatsServerProcess(tmp.resolve("store")).start();
        fleet = new FleetConnection(settings(server.url(), "a1", List.of(), tmp.resolve("agent")));
        assertTrue(eventually(fleet::connected, 10_000), "connected to the test broker");
    }

    @AfterEach
    void stop() throws Exception {
        if (fleet != null) {
            fleet.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private void putObject(String name, byte[] content, String id, String version) throws Exception {
        Buckets.objectStore(fleet.connection()).put(ObjectMeta.builder(name)
                .metadata(Map.of("id", id, "version", version, "signature", "")).build(), new ByteArrayInputStream(content));
    }

    @Test
    void anObjectWhoseBytesDoNotHashToItsNameIsRefusedAndNeverInstalled() throws Exception {
        byte[] published = "the package that was published".getBytes(StandardCharsets.UTF_8);
        byte[] tampered = "something else entirely".getBytes(StandardCharsets.UTF_8);
        putObject(PackageFetcher.sha256(published), tampered, "hello-c", "1.0.0");

        assertEquals(PackageFetcher.Outcome.REFUSED, new PackageFetcher(fleet, registry).ensure("hello-c", "1.0.0"));
        assertEquals(0, installs.get(), "the registry never saw the tampered bytes");
    }

    @Test
    void anIntactObjectGoesToTheRegistryWithOriginFleetWhichStillValidatesIt() throws Exception {
        byte[] zip = "not really a zip".getBytes(StandardCharsets.UTF_8);
        putObject(PackageFetcher.sha256(zip), zip, "hello-c", "1.0.0");

        assertEquals(PackageFetcher.Outcome.REFUSED, new PackageFetcher(fleet, registry).ensure("hello-c", "1.0.0"));
        assertEquals(1, installs.get(), "handed to the registry once");
    }

    @Test
    void aPackageNotInTheStoreIsReportedMissing() {
        assertEquals(PackageFetcher.Outcome.NOT_FOUND, new PackageFetcher(fleet, registry).ensure("nope", null));
        assertEquals(0, installs.get());
    }
}
