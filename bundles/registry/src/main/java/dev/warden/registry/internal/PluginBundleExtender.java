package dev.warden.registry.internal;

import dev.warden.api.PluginRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry as an extender: a bundle whose manifest has {@code Warden-Plugin: <path of
 * plugin.yaml>} brings plugins (install = add, update = new version, uninstall = remove). A
 * plugin is data, not code, so a bundle counts from INSTALLED on: it need not resolve or start,
 * and an update (which passes through INSTALLED) is seen as an update rather than a removal.
 * Stopping the extender leaves the plugins installed; only an uninstall removes them.
 */
@Component(service = {}, immediate = true)
public final class PluginBundleExtender {

    private static final Logger LOG = LoggerFactory.getLogger(PluginBundleExtender.class);
    private static final int STATES = Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE
            | Bundle.STOPPING;

    /** The bundle's last-modified stamp when its plugins were last read. */
    private static final class Seen {
        volatile long lastModified;

        Seen(long lastModified) {
            this.lastModified = lastModified;
        }
    }

    private final BundleContext context;
    private final ExecutorService executor;
    private final PluginBundles plugins;
    private final BundleTracker<Seen> tracker;

    @Activate
    public PluginBundleExtender(BundleContext context, @Reference(name = "registry") PluginRegistry registry) {
        this.context = context;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warden-plugin-bundles");
            t.setDaemon(true);
            return t;
        });
        this.plugins = new PluginBundles(registry, executor);
        this.tracker = new BundleTracker<>(context, STATES, new Customizer());
        tracker.open();
        plugins.reconcile(symbolicNamesWithPlugins(null));
    }

    @Deactivate
    void deactivate() {
        tracker.close();
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private Set<String> symbolicNamesWithPlugins(Bundle except) {
        Set<String> names = new HashSet<>();
        for (Bundle b : context.getBundles()) {
            if (b != except && b.getState() != Bundle.UNINSTALLED && b.getSymbolicName() != null
                    && PluginBundles.carriesPlugins(new OsgiBundleEntries(b))) {
                names.add(b.getSymbolicName());
            }
        }
        return names;
    }

    private final class Customizer implements BundleTrackerCustomizer<Seen> {

        @Override
        public Seen addingBundle(Bundle bundle, BundleEvent event) {
            try {
                OsgiBundleEntries entries = new OsgiBundleEntries(bundle);
                if (bundle.getSymbolicName() == null || !PluginBundles.carriesPlugins(entries)) {
                    return null;
                }
                Seen seen = new Seen(bundle.getLastModified());
                plugins.added(entries);
                return seen;
            } catch (RuntimeException e) {
                LOG.warn("Bundle {} could not be inspected for plugins: {}", bundle.getBundleId(), e.toString());
                return null;
            }
        }

        @Override
        public void modifiedBundle(Bundle bundle, BundleEvent event, Seen seen) {
            try {
                long stamp = bundle.getLastModified();
                if (stamp == seen.lastModified) {
                    return; // a state change, not new content
                }
                seen.lastModified = stamp;
                OsgiBundleEntries entries = new OsgiBundleEntries(bundle);
                if (PluginBundles.carriesPlugins(entries)) {
                    plugins.added(entries);
                } else {
                    plugins.removed(bundle.getSymbolicName());
                }
            } catch (RuntimeException e) {
                LOG.warn("Updated bundle {} could not be inspected for plugins: {}", bundle.getBundleId(), e.toString());
            }
        }

        @Override
        public void removedBundle(Bundle bundle, BundleEvent event, Seen seen) {
            // Also called for every bundle when the tracker closes: only an uninstall removes plugins.
            if (event == null || event.getType() != BundleEvent.UNINSTALLED) {
                return;
            }
            try {
                String bsn = bundle.getSymbolicName();
                if (!symbolicNamesWithPlugins(bundle).contains(bsn)) {
                    plugins.removed(bsn);
                }
            } catch (RuntimeException e) {
                LOG.warn("Plugins of uninstalled bundle {} could not be removed: {}", bundle.getBundleId(), e.toString());
            }
        }
    }

    /** {@link BundleEntries} over a real bundle: raw headers, entries read without class loading. */
    record OsgiBundleEntries(Bundle bundle) implements BundleEntries {

        @Override
        public String symbolicName() {
            return bundle.getSymbolicName();
        }

        @Override
        public String header(String name) {
            return bundle.getHeaders("").get(name);
        }

        @Override
        public byte[] entry(String path, long maxBytes) throws IOException {
            URL url = bundle.getEntry(path);
            if (url == null) {
                return null;
            }
            try (InputStream in = url.openStream()) {
                byte[] bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
                if (bytes.length > maxBytes) {
                    throw new BundleEntries.TooLarge(path, maxBytes);
                }
                return bytes;
            }
        }
    }
}
