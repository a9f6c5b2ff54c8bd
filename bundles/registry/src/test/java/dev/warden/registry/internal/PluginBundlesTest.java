package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidPluginException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginBundlesTest {

    /** A bundle as a map of entries plus headers. */
    static class MapBundle implements BundleEntries {
        final String bsn;
        final Map<String, String> headers = new HashMap<>();
        final Map<String, byte[]> entries = new HashMap<>();

        MapBundle(String bsn, String pluginHeader) {
            this.bsn = bsn;
            if (pluginHeader != null) {
                headers.put("Warden-Plugin", pluginHeader);
            }
        }

        MapBundle with(String path, byte[] bytes) {
            entries.put(path, bytes);
            return this;
        }

        MapBundle plugin(String dir, String id, String version, int marker) {
            return with(dir + "plugin.yaml", Packages.manifest(id, version).getBytes(StandardCharsets.UTF_8))
                    .with(dir + "plugin.wasm", Packages.wasm(marker));
        }

        @Override
        public String symbolicName() {
            return bsn;
        }

        @Override
        public String header(String name) {
            return headers.get(name);
        }

        @Override
        public byte[] entry(String path, long maxBytes) throws java.io.IOException {
            byte[] b = entries.get(path);
            if (b != null && b.length > maxBytes) {
                throw new BundleEntries.TooLarge(path, maxBytes);
            }
            return b;
        }
    }

    private final FakePluginRegistry registry = new FakePluginRegistry();
    private final PluginBundles plugins = new PluginBundles(registry, Runnable::run);

    @Test
    void headerListsOneOrMoreManifestPaths() {
        assertEquals(List.of(), PluginBundlePackage.manifestPaths(null));
        assertEquals(List.of("plugin.yaml"), PluginBundlePackage.manifestPaths(" plugin.yaml "));
        assertEquals(List.of("a/plugin.yaml", "b/plugin.yaml"), PluginBundlePackage.manifestPaths("a/plugin.yaml, b/plugin.yaml,"));
    }

    @Test
    void entriesBesideTheManifestBecomeAPackageWithRootNames() throws Exception {
        MapBundle b = new MapBundle("x", "/warden/http/plugin.yaml").plugin("warden/http/", "http", "1.0.0", 7)
                .with("warden/http/config.schema.json", "{\"type\":\"object\"}".getBytes(StandardCharsets.UTF_8))
                .with("warden/http/signature.json", "{}".getBytes(StandardCharsets.UTF_8))
                .with("warden/other/plugin.wasm", Packages.wasm(9));
        plugins.added(b);
        FakePluginRegistry.Install in = registry.installs.get(0);
        assertEquals("http", in.id());
        assertEquals("bundle:x", in.origin());
        assertEquals(Set.of("plugin.yaml", "plugin.wasm", "config.schema.json", "signature.json"), in.entries().keySet());
        assertArrayEquals(Packages.wasm(7), in.entries().get("plugin.wasm"));
    }

    @Test
    void aManifestAtTheBundleRootWorksToo() {
        plugins.added(new MapBundle("x", "plugin.yaml").plugin("", "root", "1.0.0", 1));
        assertTrue(registry.find("root", "1.0.0").isPresent());
    }

    @Test
    void pathsThatLeaveTheBundleOrAreMissingAreRefused() {
        MapBundle b = new MapBundle("x", "ignored").plugin("p/", "p", "1.0.0", 1);
        for (String bad : new String[] {"../plugin.yaml", "p/../p/plugin.yaml", "p\\plugin.yaml", "p/", "/", "./plugin.yaml"}) {
            InvalidPluginException e = assertThrows(InvalidPluginException.class, () -> PluginBundlePackage.pack(b, bad), bad);
            assertEquals("invalid_package", e.code());
        }
        InvalidPluginException missingWasm = assertThrows(InvalidPluginException.class, () -> PluginBundlePackage.pack(
                new MapBundle("x", null).with("q/plugin.yaml", new byte[] {1}), "q/plugin.yaml"));
        assertEquals("q/plugin.wasm", missingWasm.field());
        InvalidPluginException missingManifest = assertThrows(InvalidPluginException.class,
                () -> PluginBundlePackage.pack(b, "nope/plugin.yaml"));
        assertEquals("nope/plugin.yaml", missingManifest.field());
    }

    @Test
    void anOversizedEntryIsTooLarge() {
        MapBundle b = new MapBundle("x", "p/plugin.yaml").plugin("p/", "p", "1.0.0", 1)
                .with("p/plugin.wasm", new byte[(int) PluginBundlePackage.MAX_ENTRY_BYTES + 1]);
        assertEquals("too_large", assertThrows(InvalidPluginException.class,
                () -> PluginBundlePackage.pack(b, "p/plugin.yaml")).code());
    }

    @Test
    void aBadPluginIsSkippedAndTheOthersOfTheBundleStillInstall() {
        MapBundle b = new MapBundle("multi", "bad/plugin.yaml, missing/plugin.yaml, good/plugin.yaml")
                .plugin("bad/", "bad", "1.0.0", 1).plugin("good/", "good", "1.0.0", 2);
        plugins.added(b);
        assertEquals(List.of("good"), registry.list().stream().map(i -> i.id()).toList());
    }

    @Test
    void uninstallRemovesEveryVersionTheBundleBroughtAndNothingElse() {
        MapBundle v1 = new MapBundle("carrier", "plugin.yaml").plugin("", "demo", "1.0.0", 1);
        MapBundle v2 = new MapBundle("carrier", "plugin.yaml").plugin("", "demo", "2.0.0", 2);
        plugins.added(v1);
        plugins.added(v2); // a bundle update: the new version joins the old one
        assertTrue(registry.find("demo", "1.0.0").isPresent());
        registry.put("demo", "3.0.0", "ab", "upload");
        registry.put("else", "1.0.0", "cd", "bundle:another");

        plugins.removed("carrier");
        assertEquals(Set.of("demo@1.0.0", "demo@2.0.0"), Set.copyOf(registry.deleted));
        assertTrue(registry.find("demo", "3.0.0").isPresent());
        assertTrue(registry.find("else", "1.0.0").isPresent());
    }

    @Test
    void reconcileRemovesPluginsOfBundlesThatAreGone() {
        registry.put("kept", "1.0.0", "a", "bundle:present");
        registry.put("gone", "1.0.0", "b", "bundle:absent");
        registry.put("disk", "1.0.0", "c", "disk");
        plugins.reconcile(Set.of("present"));
        assertEquals(List.of("gone@1.0.0"), registry.deleted);
    }

    @Test
    void aBundleThatFailsWhileBeingReadDoesNotEscape() {
        BundleEntries broken = new MapBundle("x", "plugin.yaml") {
            @Override
            public byte[] entry(String path, long maxBytes) {
                throw new IllegalStateException("bundle uninstalled");
            }
        };
        plugins.added(broken);
        assertFalse(registry.find("x", "1.0.0").isPresent());
        assertTrue(registry.installs.isEmpty());
    }
}
