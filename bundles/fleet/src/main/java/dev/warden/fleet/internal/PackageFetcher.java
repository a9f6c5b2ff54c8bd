package dev.warden.fleet.internal;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.PluginInfo;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a plugin version named by an assignment from the {@code warden-packages} object store into
 * the local registry. Objects are named by the lowercase hex SHA-256 of the package zip and carry
 * {@code id}, {@code version} and {@code signature} as metadata. An object whose bytes do not hash to
 * its name, or whose package is not the id/version its metadata claims, is refused: nothing is
 * installed, so nothing of it runs. The registry validates the package as for any install.
 */
final class PackageFetcher {

    static final String ORIGIN = "fleet";

    private static final Logger LOG = LoggerFactory.getLogger(PackageFetcher.class);

    /** The outcome of one attempt, for logs and tests. */
    enum Outcome { PRESENT, INSTALLED, NOT_FOUND, REFUSED, UNAVAILABLE }

    private static final int MAX_REFUSALS = 20;
    /** The registry's own package cap: anything larger is refused before it is downloaded. */
    static final long MAX_PACKAGE_BYTES = FleetOperatorService.MAX_PACKAGE_BYTES;

    /** Collects a download, failing it as soon as it passes {@link #MAX_PACKAGE_BYTES}. */
    private static final class CappedBuffer extends ByteArrayOutputStream {
        boolean overflowed;

        CappedBuffer(int expected) {
            super(Math.min(expected, (int) MAX_PACKAGE_BYTES));
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            check(len);
            super.write(b, off, len);
        }

        @Override
        public synchronized void write(int b) {
            check(1);
            super.write(b);
        }

        private void check(int more) {
            if (count + (long) more > MAX_PACKAGE_BYTES) {
                overflowed = true;
                throw new java.io.UncheckedIOException(new IOException("package larger than " + MAX_PACKAGE_BYTES + " bytes"));
            }
        }
    }

    private final FleetConnection fleet;
    private final PluginRegistry registry;
    /** By object name, in insertion order; the oldest falls out past {@link #MAX_REFUSALS}. */
    private final Map<String, String> refusals = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > MAX_REFUSALS;
        }
    };

    PackageFetcher(FleetConnection fleet, PluginRegistry registry) {
        this.fleet = fleet;
        this.registry = registry;
    }

    Outcome ensure(String pluginId, String version) {
        return ensure(pluginId, version, true);
    }

    /**
     * @param againIfRefused false: an object refused before is not downloaded again (the periodic
     *        retry of missing packages uses this; a new publish is a new object, by its hash)
     */
    Outcome ensure(String pluginId, String version, boolean againIfRefused) {
        if (registry.find(pluginId, version).isPresent()) {
            return Outcome.PRESENT;
        }
        if (!fleet.connected()) {
            return Outcome.UNAVAILABLE;
        }
        try {
            ObjectStore store = Buckets.objectStore(fleet.connection());
            Optional<ObjectInfo> object = store.getList().stream()
                    .filter(o -> !o.isDeleted())
                    .filter(o -> pluginId.equals(meta(o).get("id")))
                    .filter(o -> version == null || version.equals(meta(o).get("version")))
                    .max(Comparator.comparing(ObjectInfo::getModified));
            if (object.isEmpty()) {
                LOG.warn("Fleet package {} {} is not in {}", pluginId, version == null ? "(newest)" : version, Buckets.PACKAGES);
                return Outcome.NOT_FOUND;
            }
            if (!againIfRefused) {
                synchronized (refusals) {
                    if (refusals.containsKey(object.get().getObjectName())) {
                        return Outcome.REFUSED;
                    }
                }
            }
            return fetchAndInstall(store, object.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNAVAILABLE;
        } catch (Exception e) {
            LOG.warn("Cannot fetch fleet package {} {}: {}", pluginId, version, e.toString());
            return Outcome.UNAVAILABLE;
        }
    }

    private Outcome fetchAndInstall(ObjectStore store, ObjectInfo object) throws Exception {
        String name = object.getObjectName();
        if (object.getSize() > MAX_PACKAGE_BYTES) {
            return refuse(object, "it is " + object.getSize() + " bytes, more than a package may be ("
                    + MAX_PACKAGE_BYTES + ")");
        }
        CappedBuffer out = new CappedBuffer((int) Math.max(0, object.getSize()));
        try {
            store.get(name, out);
        } catch (IOException | RuntimeException e) {
            if (out.overflowed) {
                // its chunks hold more than its info claims: never held in memory beyond the cap
                return refuse(object, "its content is larger than a package may be (" + MAX_PACKAGE_BYTES + " bytes)");
            }
            if (e instanceof IllegalStateException) {
                // the client checks the object's own digest header and throws on a mismatch
                return refuse(object, "its content does not match the store's digest (" + e.getMessage() + ")");
            }
            throw e;
        }
        byte[] zip = out.toByteArray();
        String actual = sha256(zip);
        if (!actual.equalsIgnoreCase(name)) {
            return refuse(object, "its content hashes to " + actual + ", not to its name");
        }
        Map<String, String> meta = meta(object);
        PluginInfo checked;
        try {
            // validated before anything is installed: a package claiming another id or version must
            // not replace what the registry holds under its real id, even for a moment
            checked = registry.validate(new ByteArrayInputStream(zip), ORIGIN);
        } catch (InvalidPluginException e) {
            return refuse(object, "the registry rejected it: " + e.getMessage());
        }
        if (!Objects.equals(checked.id(), meta.get("id")) || !Objects.equals(checked.version(), meta.get("version"))) {
            return refuse(object, "it holds " + checked.id() + " " + checked.version() + " but claims "
                    + meta.get("id") + " " + meta.get("version"));
        }
        PluginInfo installed;
        try {
            installed = registry.install(new ByteArrayInputStream(zip), ORIGIN);
        } catch (InvalidPluginException e) {
            return refuse(object, "the registry rejected it: " + e.getMessage());
        }
        refusals.remove(name);
        LOG.info("Installed fleet package {} {} from object {}", installed.id(), installed.version(), name);
        return Outcome.INSTALLED;
    }

    /**
     * Packages refused since this agent started and not installed since, newest last, each as
     * {@code "<id> <version> <object>: <reason>"}; the heartbeat reports them to operators.
     */
    List<String> refusals() {
        synchronized (refusals) {
            return List.copyOf(refusals.values());
        }
    }

    private Outcome refuse(ObjectInfo object, String why) {
        String name = object.getObjectName();
        Map<String, String> meta = meta(object);
        LOG.error("Refused fleet package object {} ({} {}): {}", name, meta.get("id"), meta.get("version"), why);
        synchronized (refusals) {
            refusals.remove(name);
            refusals.put(name, meta.get("id") + " " + meta.get("version") + " " + name + ": " + why);
        }
        return Outcome.REFUSED;
    }

    private static Map<String, String> meta(ObjectInfo o) {
        Map<String, String> m = o.getObjectMeta() == null ? null : o.getObjectMeta().getMetadata();
        return m == null ? Map.of() : m;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
