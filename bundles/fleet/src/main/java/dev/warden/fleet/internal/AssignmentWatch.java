package dev.warden.fleet.internal;

import dev.warden.api.dto.Assignment;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.KeyValueWatcher;
import io.nats.client.impl.NatsKeyValueWatchSubscription;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows this agent's keys in {@code warden-assignments}: {@code agent.<agent-id>.<assignment-id>}
 * and {@code label.<label>.<assignment-id>} for each label. Starts from the disk cache, replaces it
 * with the broker's set once the watch has delivered everything, then applies each change live.
 * Change notices run on one thread of their own, in order, never on the client's dispatcher.
 */
final class AssignmentWatch implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentWatch.class);
    private static final long RETRY_MS = 2_000;

    private final FleetConnection fleet;
    private final AssignmentCache cache;
    private final Consumer<AssignmentWatch> onChange;
    private final ScheduledExecutorService worker;

    /** Guarded by this. */
    private Map<String, Assignment> current = Map.of();
    private long revision;
    private final List<FilterWatcher> watchers = new ArrayList<>();

    AssignmentWatch(FleetConnection fleet, AssignmentCache cache, Consumer<AssignmentWatch> onChange) {
        this.fleet = fleet;
        this.cache = cache;
        this.onChange = onChange;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warden-fleet-assignments");
            t.setDaemon(true);
            return t;
        });
    }

    void start() {
        AssignmentCache.Snapshot cached = cache.load();
        synchronized (this) {
            current = cached.byKey();
            revision = cached.revision();
        }
        if (!cached.byKey().isEmpty()) {
            LOG.info("Resuming {} fleet assignments from disk (revision {})", cached.byKey().size(), cached.revision());
            worker.execute(() -> onChange.accept(this));
        }
        worker.execute(this::subscribe);
    }

    List<String> keyFilters() {
        List<String> keys = new ArrayList<>();
        keys.add("agent." + fleet.agentId() + ".*");
        fleet.settings().labels().forEach(l -> keys.add("label." + l + ".*"));
        return keys;
    }

    /**
     * One watch per filter: nats-server 2.9 has no consumers with several filter subjects, and the
     * least-privilege configuration grants consumers per filter (docs/fleet-nats.conf).
     */
    private void subscribe() {
        try {
            if (!fleet.connected()) {
                worker.schedule(this::subscribe, RETRY_MS, TimeUnit.MILLISECONDS);
                return;
            }
            KeyValue kv = Buckets.keyValue(fleet.connection(), Buckets.ASSIGNMENTS, 1);
            List<FilterWatcher> created = new ArrayList<>();
            synchronized (this) {
                keyFilters().forEach(f -> created.add(new FilterWatcher()));
                watchers.addAll(created);
            }
            List<String> filters = keyFilters();
            int i = 0;
            try {
                for (; i < filters.size(); i++) {
                    created.get(i).subscription = kv.watch(filters.get(i), created.get(i));
                }
            } catch (Exception e) {
                synchronized (this) {
                    watchers.removeAll(created);
                }
                created.forEach(FilterWatcher::close);
                // All filters or none: a set without one of them would stop that label's assignments
                // because of what may be a passing failure. The cached set keeps running meanwhile.
                String said = fleet.recentBrokerError(10);
                throw new WatchFailure("cannot watch " + filters.get(i) + " ("
                        + (said != null ? "the broker said: " + said : e.toString()) + ")", e);
            }
            error = null;
            LOG.info("Watching fleet assignments {}", filters);
        } catch (Exception e) {
            if (e instanceof InterruptedException || e.getCause() instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            String message = e instanceof WatchFailure ? e.getMessage() : "cannot watch fleet assignments (" + e + ")";
            if (!message.equals(error)) {
                LOG.warn("Fleet assignments: {}; the last known set keeps running, retrying every {} ms", message, RETRY_MS);
            } else {
                LOG.debug("Fleet assignments: {}", message);
            }
            error = message;
            worker.schedule(this::subscribe, RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Why the live set is not being received (e.g. a label the broker does not let this agent read), or null. */
    String error() {
        return error;
    }

    private volatile String error;

    private static final class WatchFailure extends Exception {
        private static final long serialVersionUID = 1L;

        WatchFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The keys of one filter; the agent's set is the union once every filter has delivered its initial values. */
    private final class FilterWatcher implements KeyValueWatcher {

        /** Guarded by the enclosing watch. */
        private final Map<String, Assignment> own = new LinkedHashMap<>();
        private boolean ready;
        private volatile NatsKeyValueWatchSubscription subscription;

        @Override
        public void watch(KeyValueEntry entry) {
            Assignment parsed = null;
            String key = entry.getKey();
            if (entry.getOperation() == KeyValueOperation.PUT) {
                try {
                    parsed = AssignmentCodec.read(key.substring(key.lastIndexOf('.') + 1), entry.getValue());
                } catch (Exception e) {
                    LOG.warn("Ignoring fleet assignment {} (revision {}): {}", key, entry.getRevision(), e.getMessage());
                }
            }
            synchronized (AssignmentWatch.this) {
                if (parsed == null) {
                    own.remove(key);
                } else {
                    own.put(key, parsed);
                }
                revision = Math.max(revision, entry.getRevision());
            }
            merge();
        }

        @Override
        public void endOfData() {
            synchronized (AssignmentWatch.this) {
                ready = true;
            }
            merge();
        }

        void close() {
            NatsKeyValueWatchSubscription sub = subscription;
            if (sub != null) {
                try {
                    sub.unsubscribe();
                } catch (RuntimeException e) {
                    LOG.debug("Unsubscribing an assignment watch failed", e);
                }
            }
        }
    }

    /** Replaces the set with the union of the filters once all are ready, and tells of a change. */
    private void merge() {
        AssignmentCache.Snapshot snapshot;
        synchronized (this) {
            if (watchers.isEmpty() || !watchers.stream().allMatch(w -> w.ready)) {
                return;
            }
            Map<String, Assignment> next = new LinkedHashMap<>();
            watchers.forEach(w -> next.putAll(w.own));
            boolean first = !merged;
            merged = true;
            if (!first && next.equals(current)) {
                return;
            }
            current = Map.copyOf(next);
            snapshot = new AssignmentCache.Snapshot(revision, current);
        }
        worker.execute(() -> {
            cache.save(snapshot);
            onChange.accept(this);
        });
    }

    /** Whether the broker's set has replaced the cached one. Guarded by this. */
    private boolean merged;

    /** Whether every filter is watched and the broker's set has replaced the cached one. */
    synchronized boolean live() {
        return merged && error == null && !watchers.isEmpty();
    }

    /**
     * The assignments by id. An id assigned both to this agent and to one of its labels takes the
     * agent's own, which is the more specific choice.
     */
    synchronized Collection<Assignment> assignments() {
        Map<String, Assignment> byId = new LinkedHashMap<>();
        current.entrySet().stream().filter(e -> e.getKey().startsWith("agent."))
                .forEach(e -> byId.putIfAbsent(e.getValue().id(), e.getValue()));
        current.entrySet().stream().filter(e -> e.getKey().startsWith("label."))
                .forEach(e -> byId.putIfAbsent(e.getValue().id(), e.getValue()));
        return List.copyOf(byId.values());
    }

    /** The KV revision this set reflects: the agent's configuration version. */
    synchronized long revision() {
        return revision;
    }

    @Override
    public void close() {
        worker.shutdownNow();
        List<FilterWatcher> all;
        synchronized (this) {
            all = List.copyOf(watchers);
            watchers.clear();
        }
        all.forEach(FilterWatcher::close);
    }
}
