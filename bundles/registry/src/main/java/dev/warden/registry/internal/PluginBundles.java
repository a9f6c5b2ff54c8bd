package dev.warden.registry.internal;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.PluginInfo;
import java.util.Set;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the extender does with plugin bundles, apart from tracking them. A bundle's plugins are
 * installed with origin {@code bundle:<symbolic name>}, which is how they are found again to be
 * removed (from the store itself, so this survives restarts without a ledger of its own).
 *
 * <p>Entries are read at once, while the bundle is sure to be there; installing (the slow,
 * validating part) and deleting run in order on the given executor, off the framework's event
 * thread. An updated bundle installs its new version and leaves the versions it brought before,
 * so assignments pinned to them keep running (the registry cannot see assignments); uninstalling
 * the bundle removes them all.
 */
final class PluginBundles {

    static final String ORIGIN_PREFIX = "bundle:";

    private static final Logger LOG = LoggerFactory.getLogger(PluginBundles.class);

    private final PluginRegistry registry;
    private final Executor executor;

    PluginBundles(PluginRegistry registry, Executor executor) {
        this.registry = registry;
        this.executor = executor;
    }

    static String origin(String symbolicName) {
        return ORIGIN_PREFIX + symbolicName;
    }

    /** True when the bundle carries plugins. */
    static boolean carriesPlugins(BundleEntries bundle) {
        return !PluginBundlePackage.manifestPaths(bundle.header(PluginBundlePackage.HEADER)).isEmpty();
    }

    /** Installs (or re-installs, after an update) every plugin the bundle carries; a bad one is logged and skipped. */
    void added(BundleEntries bundle) {
        String bsn = bundle.symbolicName();
        for (String path : PluginBundlePackage.manifestPaths(bundle.header(PluginBundlePackage.HEADER))) {
            try {
                byte[] zip = PluginBundlePackage.pack(bundle, path);
                executor.execute(() -> install(bsn, path, zip));
            } catch (InvalidPluginException e) {
                refused(bsn, path, e);
            } catch (RuntimeException e) {
                // For example the bundle was uninstalled while we read it.
                LOG.warn("Plugin {} of bundle {} could not be read: {}", path, bsn, e.toString());
            }
        }
    }

    /** Removes every version the bundle installed. */
    void removed(String symbolicName) {
        executor.execute(() -> deleteFrom(origin(symbolicName)));
    }

    /** Removes the versions of bundles that went away while nobody was tracking them. */
    void reconcile(Set<String> symbolicNamesWithPlugins) {
        executor.execute(() -> {
            for (PluginInfo info : safeList()) {
                String origin = info.origin();
                if (origin != null && origin.startsWith(ORIGIN_PREFIX)
                        && !symbolicNamesWithPlugins.contains(origin.substring(ORIGIN_PREFIX.length()))) {
                    delete(info, "its bundle is no longer installed");
                }
            }
        });
    }

    private void install(String bsn, String path, byte[] zip) {
        try {
            PluginInfo info = registry.install(new java.io.ByteArrayInputStream(zip), origin(bsn));
            LOG.info("Plugin {} {} installed from bundle {}", info.id(), info.version(), bsn);
        } catch (InvalidPluginException e) {
            refused(bsn, path, e);
        } catch (RuntimeException e) {
            LOG.error("Plugin {} of bundle {} could not be installed", path, bsn, e);
        }
    }

    private void deleteFrom(String origin) {
        for (PluginInfo info : safeList()) {
            if (origin.equals(info.origin())) {
                delete(info, "its bundle was uninstalled");
            }
        }
    }

    private void delete(PluginInfo info, String why) {
        try {
            if (registry.delete(info.id(), info.version())) {
                LOG.info("Plugin {} {} deleted: {}", info.id(), info.version(), why);
            }
        } catch (RuntimeException e) {
            LOG.error("Plugin {} {} could not be deleted", info.id(), info.version(), e);
        }
    }

    private java.util.List<PluginInfo> safeList() {
        try {
            return registry.list();
        } catch (RuntimeException e) {
            LOG.error("Plugin list unavailable", e);
            return java.util.List.of();
        }
    }

    private static void refused(String bsn, String path, InvalidPluginException e) {
        LOG.warn("Plugin {} of bundle {} refused ({}{}): {}", path, bsn, e.code(),
                e.field() == null ? "" : ", " + e.field(), e.getMessage());
    }
}
