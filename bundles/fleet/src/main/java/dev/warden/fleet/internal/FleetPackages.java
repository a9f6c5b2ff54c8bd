package dev.warden.fleet.internal;

import io.nats.client.JetStreamApiException;
import io.nats.client.ObjectStore;
import io.nats.client.api.ObjectInfo;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the {@code warden-packages} object store holds, read the way {@link PackageFetcher} reads it:
 * objects named by the SHA-256 of the zip, {@code id}/{@code version} in their metadata, the most
 * recently modified object winning when several claim the same plugin.
 */
final class FleetPackages {

    private final List<ObjectInfo> objects;

    private FleetPackages(List<ObjectInfo> objects) {
        this.objects = objects;
    }

    static FleetPackages of(ObjectStore store) throws IOException, JetStreamApiException, InterruptedException {
        return new FleetPackages(store.getList().stream().filter(o -> !o.isDeleted()).toList());
    }

    Optional<ObjectInfo> byName(String name) {
        return objects.stream().filter(o -> o.getObjectName().equals(name)).findFirst();
    }

    /** The object an agent would fetch for this plugin version ({@code version} null: the newest published). */
    Optional<ObjectInfo> find(String id, String version) {
        return objects.stream()
                .filter(o -> id.equals(meta(o).get("id")))
                .filter(o -> version == null || version.equals(meta(o).get("version")))
                .max(Comparator.comparing(ObjectInfo::getModified));
    }

    static String id(ObjectInfo o) {
        return meta(o).get("id");
    }

    static String version(ObjectInfo o) {
        return meta(o).get("version");
    }

    private static Map<String, String> meta(ObjectInfo o) {
        Map<String, String> m = o.getObjectMeta() == null ? null : o.getObjectMeta().getMetadata();
        return m == null ? Map.of() : m;
    }
}
