package dev.warden.registry.internal;

import dev.warden.api.InvalidPluginException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the packages an operator drops into {@code $WARDEN_HOME/plugins}: all of them once at
 * start, then every new or changed file, polled on one daemon thread. A file seen changing is
 * installed only after it stayed the same for one poll, so a copy in progress is not read half
 * written. Removing a file does not uninstall the plugin (deleting is an explicit operator act).
 */
final class DropInFolder implements AutoCloseable {

    /** Installs one package file; reports refusal by exception. */
    @FunctionalInterface
    interface Installer {
        void install(InputStream zip) throws InvalidPluginException;
    }

    private record Stamp(long size, long modified) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(DropInFolder.class);

    private final Path dir;
    private final Installer installer;
    private final Map<Path, Stamp> attempted = new HashMap<>();
    private final Map<Path, Stamp> lastSeen = new HashMap<>();
    private ScheduledExecutorService poller;

    DropInFolder(Path dir, Installer installer) {
        this.dir = dir;
        this.installer = installer;
    }

    /** Installs what is there now, then keeps watching. */
    synchronized void start(long pollMillis) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            LOG.warn("Plugin folder {} cannot be created: {}", dir, e.toString());
        }
        scan(true);
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-registry-plugins-folder");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(() -> scan(false), pollMillis, pollMillis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ScheduledExecutorService p;
        synchronized (this) {
            p = poller;
            poller = null;
        }
        if (p != null) {
            p.shutdownNow();
            try {
                p.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private synchronized void scan(boolean initial) {
        try {
            List<Path> files = packageFiles();
            attempted.keySet().retainAll(files);
            lastSeen.keySet().retainAll(files);
            for (Path file : files) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                Stamp stamp = stamp(file);
                if (stamp == null || stamp.equals(attempted.get(file))) {
                    continue;
                }
                if (initial || stamp.equals(lastSeen.get(file))) {
                    attempted.put(file, stamp);
                    installOne(file);
                }
                lastSeen.put(file, stamp);
            }
        } catch (RuntimeException e) {
            // Never let the poller die: a later poll may succeed.
            LOG.warn("Scanning plugin folder {} failed", dir, e);
        }
    }

    private List<Path> packageFiles() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isRegularFile).filter(DropInFolder::isPackageName).sorted().toList();
        } catch (IOException e) {
            LOG.warn("Plugin folder {} cannot be listed: {}", dir, e.toString());
            return List.of();
        }
    }

    private static boolean isPackageName(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".wpkg") || name.endsWith(".zip");
    }

    private static Stamp stamp(Path file) {
        try {
            return new Stamp(Files.size(file), Files.getLastModifiedTime(file).toMillis());
        } catch (IOException e) {
            return null; // vanished between listing and looking
        }
    }

    private void installOne(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            installer.install(in);
        } catch (InvalidPluginException e) {
            LOG.warn("Plugin package {} refused ({}{}): {}", file.getFileName(), e.code(),
                    e.field() == null ? "" : ", " + e.field(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Plugin package {} could not be installed: {}", file.getFileName(), e.toString());
        }
    }
}
