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
    private final AtomicInteger validations = new AtomicInteger();
    /** What the registry's validation finds in any package; null refuses every package. */
    private volatile PluginInfo validPackage;

    /** A registry that has nothing installed and counts what it is asked to validate and install. */
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
            return validate(zip, origin);
        }

        @Override
        public PluginInfo validate(InputStream zip, String origin) throws InvalidPluginException {
            validations.incrementAndGet();
            assertEquals("fleet", origin, "held to the signature policy of fleet packages");
            if (validPackage == null) {
                throw new InvalidPluginException("invalid_package", "not a package (test registry)");
            }
            return validPackage;
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

        PackageFetcher fetcher = new PackageFetcher(fleet, registry);
        assertEquals(PackageFetcher.Outcome.REFUSED, fetcher.ensure("hello-c", "1.0.0"));
        assertEquals(0, validations.get() + installs.get(), "the registry never saw the tampered bytes");
        assertEquals(1, fetcher.refusals().size());
        assertTrue(fetcher.refusals().get(0).startsWith("hello-c 1.0.0 " + PackageFetcher.sha256(published)
                + ": its content hashes to " + PackageFetcher.sha256(tampered)), fetcher.refusals().toString());
    }

    @Test
    void aPackageThatIsNotWhatItsMetadataClaimsIsRefusedBeforeAnythingIsInstalled() throws Exception {
        validPackage = new PluginInfo(new dev.warden.api.dto.PluginManifest("other", "other", "1.0.0", null, null, null,
                null, List.of(), null, null, null, null, null), "00", 1, null, "fleet", null, false);
        byte[] zip = "a package of plugin other".getBytes(StandardCharsets.UTF_8);
        putObject(PackageFetcher.sha256(zip), zip, "hello-c", "1.0.0");

        PackageFetcher fetcher = new PackageFetcher(fleet, registry);
        assertEquals(PackageFetcher.Outcome.REFUSED, fetcher.ensure("hello-c", "1.0.0"));
        assertEquals(1, validations.get());
        assertEquals(0, installs.get(), "not installed, so it never replaced a local 'other 1.0.0'");
        assertTrue(fetcher.refusals().get(0).endsWith("it holds other 1.0.0 but claims hello-c 1.0.0"),
                fetcher.refusals().toString());

        assertEquals(PackageFetcher.Outcome.REFUSED, fetcher.ensure("hello-c", "1.0.0", false));
        assertEquals(1, validations.get(), "the periodic retry does not download a refused object again");
        assertEquals(PackageFetcher.Outcome.REFUSED, fetcher.ensure("hello-c", "1.0.0"));
        assertEquals(2, validations.get(), "an assignment change does");
    }

    @Test
    void aValidPackageIsInstalledAndClearsAnEarlierRefusalOfTheSameObject() throws Exception {
        byte[] zip = "hello-c package".getBytes(StandardCharsets.UTF_8);
        putObject(PackageFetcher.sha256(zip), zip, "hello-c", "1.0.0");
        PackageFetcher fetcher = new PackageFetcher(fleet, registry);
        assertEquals(PackageFetcher.Outcome.REFUSED, fetcher.ensure("hello-c", "1.0.0"));
        assertEquals(1, fetcher.refusals().size());

        validPackage = new PluginInfo(new dev.warden.api.dto.PluginManifest("hello-c", "hello-c", "1.0.0", null, null,
                null, null, List.of(), null, null, null, null, null), "00", 1, null, "fleet", null, false);
        assertEquals(PackageFetcher.Outcome.INSTALLED, fetcher.ensure("hello-c", "1.0.0"));
        assertEquals(1, installs.get());
        assertEquals(List.of(), fetcher.refusals());
    }

    @Test
    void anIntactObjectGoesToTheRegistryWithOriginFleetWhichStillValidatesIt() throws Exception {
        byte[] zip = "not really a zip".getBytes(StandardCharsets.UTF_8);
        putObject(PackageFetcher.sha256(zip), zip, "hello-c", "1.0.0");

        assertEquals(PackageFetcher.Outcome.REFUSED, new PackageFetcher(fleet, registry).ensure("hello-c", "1.0.0"));
        assertEquals(1, validations.get(), "handed to the registry's validation once");
        assertEquals(0, installs.get());
    }

    @Test
    void anObjectLargerThanAnyPackageIsRefusedWithoutBeingDownloaded() throws Exception {
        byte[] big = new byte[(int) PackageFetcher.MAX_PACKAGE_BYTES + 1];
        putObject(PackageFetcher.sha256(big), big, "huge", "1.0.0");

        PackageFetcher fetcher = new PackageFetcher(fleet, registry);
        assertEquals(PackageFetcher.Outcome.REFUSED, fetcher.ensure("huge", "1.0.0"));
        assertEquals(0, validations.get() + installs.get());
        assertTrue(fetcher.refusals().get(0).contains("more than a package may be"), fetcher.refusals().toString());
    }

    @Test
    void aPackageNotInTheStoreIsReportedMissing() {
        assertEquals(PackageFetcher.Outcome.NOT_FOUND, new PackageFetcher(fleet, registry).ensure("nope", null));
        assertEquals(0, validations.get() + installs.get());
    }
}
