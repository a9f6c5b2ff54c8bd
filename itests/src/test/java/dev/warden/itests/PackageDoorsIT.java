package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.inject.Inject;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.Status;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;

/**
 * One package, three doors (DESIGN.md §3): an upload over the REST API (signed by a trusted key),
 * a {@code .wpkg} placed in {@code load/}, and a bundle carrying {@code Warden-Plugin}. Each door
 * installs a package that runs, takes it away again, and refuses a bad package without leaving
 * anything behind.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PackageDoorsIT extends TestSupport {

    private static final String REGISTRY_PID = "dev.warden.registry";
    private static final long HOURLY = 3_600_000;
    private static final Duration DOOR_TIMEOUT = Duration.ofSeconds(15);
    private static final PackageSigner RELEASE = PackageSigner.generate("itest-release");

    @Inject
    private AssignmentStore store;

    @Inject
    private AssignmentRunner runner;

    @Inject
    private ResultStore results;

    @Test
    public void uploadInstallsAPackageThatRunsAndDeleteRemovesIt() throws Exception {
        WardenApi api = trustedApi();
        Set<String> foldersBefore = storedPackageFolders();

        WardenApi.Response uploaded = api.postZip("/api/v1/plugins",
                plugin("door-upload").wasm("hello-v1").signedBy(RELEASE).bytes());
        assertEquals(uploaded.toString(), 201, uploaded.status());
        assertEquals("upload", uploaded.json().path("origin").asText());
        assertEquals(RELEASE.keyId(), uploaded.json().path("signer").asText());
        assertStoredFolders(foldersBefore, 1);
        assertRunsOk(api, "door-upload", "1.0.0", "hello v1");

        WardenApi.Response deleted = api.delete("/api/v1/plugins/door-upload/1.0.0");
        assertTrue(deleted.toString(), deleted.status() == 200 || deleted.status() == 204);
        assertEquals(404, api.get("/api/v1/plugins/door-upload/1.0.0").status());
        assertGone(api, "door-upload", foldersBefore);
    }

    @Test
    public void packagePlacedInLoadRunsAndRemovingTheFileRemovesIt() throws Exception {
        WardenApi api = trustedApi();
        Set<String> foldersBefore = storedPackageFolders();

        // Unsigned on purpose: a package on the agent's own disk is trusted by placement.
        Path file = place(plugin("door-load").wasm("hello-v1").bytes(), "door-load.wpkg");
        PluginInfo info = awaitInstalled("door-load", "1.0.0");
        assertEquals("disk", info.origin());
        assertStoredFolders(foldersBefore, 1);
        assertRunsOk(api, "door-load", "1.0.0", "hello v1");

        Files.delete(file);
        await("door-load gone after its file was removed", DOOR_TIMEOUT,
                () -> registry().find("door-load", null).isEmpty());
        assertGone(api, "door-load", foldersBefore);
    }

    @Test
    public void pluginBundleRunsItsUpdateIsTheNewVersionAndUninstallRemovesIt() throws Exception {
        WardenApi api = trustedApi();
        Set<String> foldersBefore = storedPackageFolders();
        String bsn = "itest.door.bundle";

        Bundle bundle = context.installBundle("itest:" + bsn, new ByteArrayInputStream(
                plugin("door-bundle").wasm("hello-v1").bundleBytes(bsn, "1.0.0")));
        try {
            bundle.start();
            PluginInfo v1 = awaitInstalled("door-bundle", "1.0.0");
            assertEquals("bundle:" + bsn, v1.origin());
            assertRunsOk(api, "door-bundle", "1.0.0", "hello v1");

            bundle.update(new ByteArrayInputStream(
                    plugin("door-bundle").version("2.0.0").wasm("hello-v2").bundleBytes(bsn, "2.0.0")));
            awaitInstalled("door-bundle", "2.0.0");
            assertStoredFolders(foldersBefore, 2);
            assertRunsOk(api, "door-bundle", "2.0.0", "hello v2");
        } finally {
            bundle.uninstall();
        }
        await("door-bundle gone after its bundle was uninstalled", DOOR_TIMEOUT,
                () -> registry().find("door-bundle", null).isEmpty());
        assertGone(api, "door-bundle", foldersBefore);
    }

    @Test
    public void badPackagesAreRefusedAtEveryDoorAndLeaveNoTrace() throws Exception {
        WardenApi api = trustedApi();
        registry().install(plugin("steady").wasm("hello-v1").stream(), "disk");
        assign(store, runner, assignment("steady", "steady", 1000, "{}"));
        awaitValue("a first steady result", Duration.ofSeconds(10),
                () -> results.latest("steady", 1).stream().findFirst().orElse(null));
        Instant start = Instant.now();
        String pluginsBefore = pluginList(api);
        Set<String> foldersBefore = storedPackageFolders();

        // The REST door answers with the reason.
        assertRefused(api.postZip("/api/v1/plugins", "this is not a zip".getBytes(StandardCharsets.UTF_8)),
                400, "not_a_zip");
        assertRefused(api.postZip("/api/v1/plugins", new byte[17 * 1024 * 1024]), 413, "too_large");
        assertRefused(api.postZip("/api/v1/plugins", plugin("bad-manifest").wasm("hello-v1")
                .extraManifest("colour: blue\n").signedBy(RELEASE).bytes()), 422, "invalid_manifest");
        assertRefused(api.postZip("/api/v1/plugins", undeclaredImport("bad-upload").signedBy(RELEASE).bytes()),
                422, "invalid_module");

        // load/: the bad files are processed in the same scan as a good one placed after them.
        // Placement makes a signature optional, not a broken one acceptable.
        Path bad = place(undeclaredImport("bad-load").bytes(), "bad-load.wpkg");
        Path tampered = place(plugin("bad-sig-load").wasm("hello-v1").signedBy(RELEASE).shipInsteadOfSigned("hello-v2")
                .bytes(), "bad-sig-load.wpkg");
        Path sentinel = place(plugin("load-sentinel").wasm("hello-v1").bytes(), "load-sentinel.wpkg");
        awaitInstalled("load-sentinel", "1.0.0");
        Files.delete(sentinel);
        await("load-sentinel removed with its file", DOOR_TIMEOUT, () -> registry().find("load-sentinel", null).isEmpty());
        assertTrue("the module is refused", registry().find("bad-load", null).isEmpty());
        assertTrue("the broken signature is refused", registry().find("bad-sig-load", null).isEmpty());
        Files.delete(bad);
        Files.delete(tampered);

        // The bundle door: the bundle itself installs, its plugin must not arrive. The extender
        // handles bundles in order, so once a good bundle installed after it is in, the bad one was seen.
        Bundle badBundle = context.installBundle("itest:bad-bundle", new ByteArrayInputStream(
                undeclaredImport("bad-bundle").bundleBytes("itest.bad.bundle", "1.0.0")));
        Bundle sentinelBundle = context.installBundle("itest:sentinel-bundle", new ByteArrayInputStream(
                plugin("bundle-sentinel").wasm("hello-v1").bundleBytes("itest.sentinel.bundle", "1.0.0")));
        try {
            awaitInstalled("bundle-sentinel", "1.0.0");
            assertTrue("the bad bundle's plugin is refused", registry().find("bad-bundle", null).isEmpty());
        } finally {
            badBundle.uninstall();
            sentinelBundle.uninstall();
        }
        await("bundle-sentinel removed with its bundle", DOOR_TIMEOUT,
                () -> registry().find("bundle-sentinel", null).isEmpty());

        assertEquals("GET /api/v1/plugins is unchanged", pluginsBefore, pluginList(api));
        assertEquals("no new folder under packages/", foldersBefore, storedPackageFolders());
        Instant end = Instant.now();
        List<CheckResult> during = awaitValue("steady results after the refusals", Duration.ofSeconds(10), () -> {
            List<CheckResult> r = results.latest("steady", 200).stream()
                    .filter(x -> Instant.parse(x.observedAt()).isAfter(start)).toList();
            return r.size() >= 2 && r.stream().anyMatch(x -> Instant.parse(x.observedAt()).isAfter(end)) ? r : null;
        });
        assertTrue("the steady assignment kept running: " + during.size(), during.size() >= 2);
        for (CheckResult r : during) {
            assertEquals(r.toString(), Status.OK, r.status());
            assertEquals("hello v1", r.summary());
        }
        store.delete("steady");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Uploads must be signed here: the REST door runs with the default policy and one trusted key. */
    private WardenApi trustedApi() throws Exception {
        configure(REGISTRY_PID, PluginRegistry.class, Map.of(
                "require_signature", true,
                "trusted_keys", new String[] {RELEASE.trustedKeyEntry()}));
        return api();
    }

    private PluginRegistry registry() {
        return service(PluginRegistry.class);
    }

    /** A module importing {@code log} under a manifest that does not request it. */
    private static PluginZip undeclaredImport(String id) {
        return plugin(id).wasm("hello-v1").capabilities("submit_result");
    }

    /** Writes next to {@code load/} and moves in, so FileInstall never sees half a file. */
    private static Path place(byte[] content, String name) throws Exception {
        Path staged = Files.write(wardenHomeDir().resolve(name + ".staged"), content);
        return Files.move(staged, loadDir().resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private PluginInfo awaitInstalled(String id, String version) {
        return awaitValue(id + " " + version + " installed", DOOR_TIMEOUT,
                () -> registry().find(id, version).map(p -> p.info()).orElse(null));
    }

    /** Assigns the plugin over the API, runs it once and removes the assignment again. */
    private void assertRunsOk(WardenApi api, String pluginId, String version, String summary) {
        String assignment = pluginId + "-check";
        ObjectNode body = WardenApi.json().createObjectNode();
        body.put("plugin_id", pluginId);
        body.put("interval_ms", HOURLY);
        body.put("enabled", false);
        WardenApi.Response put = api.putJson("/api/v1/assignments/" + assignment, body);
        assertTrue(put.toString(), put.status() == 200 || put.status() == 201);
        try {
            await("scheduler knows " + assignment, Duration.ofSeconds(10),
                    () -> runner.assignment(assignment).isPresent());
            WardenApi.Response ran = api.post("/api/v1/assignments/" + assignment + "/run");
            assertEquals(ran.toString(), 200, ran.status());
            JsonNode result = ran.json();
            assertEquals(ran.body(), "OK", result.path("status").asText());
            assertEquals(summary, result.path("summary").asText());
            assertEquals(version, result.path("plugin_version").asText());
        } finally {
            WardenApi.Response deleted = api.delete("/api/v1/assignments/" + assignment);
            assertTrue(deleted.toString(), deleted.status() == 200 || deleted.status() == 204);
        }
    }

    private static void assertStoredFolders(Set<String> before, int added) {
        Set<String> now = storedPackageFolders();
        assertTrue("the store keeps what it had: " + now, now.containsAll(before));
        assertEquals("one folder per installed version under packages/: " + now, before.size() + added, now.size());
    }

    private void assertGone(WardenApi api, String id, Set<String> foldersBefore) {
        assertFalse(id + " still listed", pluginList(api).contains(id + "@"));
        assertEquals("its folder under packages/ is gone", foldersBefore, storedPackageFolders());
    }

    /** What GET /api/v1/plugins lists, as sorted {@code id@version sha256} lines. */
    private static String pluginList(WardenApi api) {
        WardenApi.Response list = api.get("/api/v1/plugins");
        assertEquals(list.toString(), 200, list.status());
        Set<String> lines = new TreeSet<>();
        for (JsonNode p : list.json().path("plugins")) {
            lines.add(p.path("id").asText() + "@" + p.path("version").asText() + " " + p.path("sha256").asText());
        }
        return String.join("\n", lines);
    }

    private static void assertRefused(WardenApi.Response response, int status, String code) {
        assertEquals(response.toString(), status, response.status());
        assertEquals(response.toString(), code, response.json().path("error").path("code").asText());
    }
}
