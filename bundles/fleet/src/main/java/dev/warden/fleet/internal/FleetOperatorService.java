package dev.warden.fleet.internal;

import dev.warden.api.FleetOperator;
import dev.warden.api.FleetUnavailableException;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.FleetAgent;
import dev.warden.api.dto.FleetAssignment;
import dev.warden.api.dto.FleetTarget;
import dev.warden.api.dto.PluginInfo;
import io.nats.client.KeyValue;
import io.nats.client.ObjectStore;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.nats.client.api.ObjectInfo;
import io.nats.client.api.ObjectMeta;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's side of the fleet: publishes packages, writes assignments for agents and labels,
 * and reads back agents and results. It validates with this agent's registry exactly as a local
 * upload or assignment would be, so nothing the agents would refuse reaches the broker. Broker
 * failures surface as {@link FleetUnavailableException}; the user it connects as needs the operator
 * rights of {@code docs/fleet-nats.conf}.
 */
@Component(service = FleetOperator.class)
public final class FleetOperatorService implements FleetOperator {

    /** Same cap as an upload through the REST API. */
    static final long MAX_PACKAGE_BYTES = 16L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(FleetOperatorService.class);

    private final FleetConnection fleet;
    private final PluginRegistry registry;

    private final Runnable onConnected = this::prepareLater;

    @Activate
    public FleetOperatorService(@Reference(target = "(operator=true)") FleetConnection fleet, @Reference PluginRegistry registry) {
        this.fleet = fleet;
        this.registry = registry;
    }

    @Activate
    void activate() {
        fleet.onConnected(onConnected);
        if (fleet.connected()) {
            prepareLater();
        }
    }

    @Deactivate
    void deactivate() {
        fleet.removeHook(onConnected);
    }

    /**
     * The operator creates what least-privilege agents may only use: both KV buckets, the package
     * store and the results stream (also after a broker that lost its store comes back).
     */
    private void prepareLater() {
        Thread t = new Thread(() -> {
            try {
                Buckets.keyValue(fleet.connection(), Buckets.ASSIGNMENTS, 1);
                Buckets.keyValue(fleet.connection(), Buckets.AGENTS, 1);
                Buckets.objectStore(fleet.connection());
                Buckets.resultsStream(fleet.connection());
                LOG.info("Fleet buckets and stream {} are in place", FleetResultPublisher.STREAM);
            } catch (Exception e) {
                LOG.warn("Fleet operator could not create the buckets and stream ({}); is this user an operator?",
                        e.toString());
            }
        }, "warden-fleet-prepare");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public PluginInfo publishPackage(InputStream zip) throws InvalidPluginException {
        byte[] bytes = read(zip);
        // origin "upload": the signature policy of uploads applies before anything is stored
        PluginInfo info = registry.validate(new ByteArrayInputStream(bytes), "upload");
        String name = PackageFetcher.sha256(bytes);
        Optional<String> conflict = BrokerCall.run(fleet, "publish a package", () -> {
            ObjectStore store = Buckets.objectStore(fleet.connection());
            FleetPackages packages = FleetPackages.of(store);
            if (packages.byName(name).isPresent()) {
                return Optional.<String>empty(); // the same bytes are there already
            }
            Optional<ObjectInfo> sameVersion = packages.find(info.id(), info.version());
            if (sameVersion.isPresent()) {
                return Optional.of(sameVersion.get().getObjectName());
            }
            Map<String, String> meta = Map.of("id", info.id(), "version", info.version(),
                    "signature", info.signer() == null ? "" : info.signer());
            try {
                store.put(ObjectMeta.builder(name).metadata(meta).build(), new ByteArrayInputStream(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            LOG.info("Published {} {} to {} as {}", info.id(), info.version(), Buckets.PACKAGES, name);
            return Optional.<String>empty();
        });
        if (conflict.isPresent()) {
            // agents that hold this version already would never fetch the other bytes
            throw new InvalidPluginException("already_published", "version", "plugin " + info.id() + " version "
                    + info.version() + " is already published with other content (object " + conflict.get()
                    + "); publish the change under a new version");
        }
        return info;
    }

    private static byte[] read(InputStream zip) throws InvalidPluginException {
        try {
            byte[] bytes = zip.readNBytes((int) MAX_PACKAGE_BYTES + 1);
            if (bytes.length > MAX_PACKAGE_BYTES) {
                throw new InvalidPluginException("too_large", "the package exceeds " + MAX_PACKAGE_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new InvalidPluginException("not_a_zip", "the package could not be read: " + e.getMessage());
        }
    }

    @Override
    public long putAssignment(FleetTarget target, Assignment assignment) throws InvalidAssignmentException {
        if (target == null) {
            throw new InvalidAssignmentException("target", "a target (agent or label) is required");
        }
        String id = assignment.id();
        if (id == null || !AssignmentKey.validId(id)) {
            throw new InvalidAssignmentException("id", "a fleet assignment id must be 1-128 letters, digits, '_' or '-'"
                    + " (it is one token of the key " + target.keyPrefix() + ".<id>)");
        }
        if (assignment.pluginId() == null || assignment.pluginId().isBlank()) {
            throw new InvalidAssignmentException("plugin_id", "plugin_id is required");
        }
        String version = publishedVersion(assignment);
        Assignment pinned = version.equals(assignment.pluginVersion()) ? assignment
                : new Assignment(id, assignment.pluginId(), version, assignment.intervalMs(), assignment.timeoutMs(),
                        assignment.params(), assignment.grants(), assignment.thresholds(), assignment.enabled(),
                        assignment.source());
        // checked against the version the agents will fetch; stored as given (unpinned stays unpinned)
        registry.validateAssignment(pinned);
        String key = AssignmentKey.of(target, id);
        return BrokerCall.run(fleet, "write assignment " + key,
                () -> assignmentBucket().put(key, AssignmentCodec.bytes(assignment)));
    }

    /**
     * The plugin version an agent would fetch for the assignment, brought into the local registry
     * through the agents' own fetch path, so the registry can check params and grants against it.
     */
    private String publishedVersion(Assignment a) throws InvalidAssignmentException {
        String what = a.pluginId() + (a.pluginVersion() == null ? "" : " version " + a.pluginVersion());
        Optional<ObjectInfo> object = BrokerCall.run(fleet, "list the package store", () ->
                FleetPackages.of(Buckets.objectStore(fleet.connection())).find(a.pluginId(), a.pluginVersion()));
        if (object.isEmpty()) {
            throw new InvalidAssignmentException(a.pluginVersion() == null ? "plugin_id" : "plugin_version",
                    "plugin " + what + " is not published to the fleet; publish it first (POST /api/v1/fleet/plugins)");
        }
        String version = FleetPackages.version(object.get());
        switch (new PackageFetcher(fleet, registry).ensure(a.pluginId(), version)) {
            case PRESENT, INSTALLED -> {
                return version;
            }
            case REFUSED -> throw new InvalidAssignmentException("plugin_id", "the published package of " + a.pluginId()
                    + " " + version + " (object " + object.get().getObjectName()
                    + ") is refused by this agent's registry; see the agent log");
            case NOT_FOUND -> throw new InvalidAssignmentException("plugin_id", "plugin " + what
                    + " disappeared from the fleet's package store");
            default -> throw new FleetUnavailableException("could not fetch " + a.pluginId() + " " + version
                    + " from the package store; see the agent log", null);
        }
    }

    @Override
    public boolean deleteAssignment(FleetTarget target, String assignmentId) {
        if (target == null || assignmentId == null || !AssignmentKey.validId(assignmentId)) {
            return false; // such a key cannot have been written
        }
        String key = AssignmentKey.of(target, assignmentId);
        return BrokerCall.run(fleet, "delete assignment " + key, () -> {
            KeyValue kv = assignmentBucket();
            if (!present(kv.get(key))) {
                return false;
            }
            kv.delete(key);
            return true;
        });
    }

    @Override
    public List<FleetAssignment> assignments() {
        return BrokerCall.run(fleet, "list the fleet's assignments", () -> {
            KeyValue kv = assignmentBucket();
            List<FleetAssignment> out = new ArrayList<>();
            for (String key : kv.keys()) {
                Optional<FleetTarget> target = AssignmentKey.target(key);
                KeyValueEntry entry = kv.get(key);
                if (target.isEmpty() || !present(entry)) {
                    continue;
                }
                try {
                    out.add(new FleetAssignment(target.get(), AssignmentCodec.read(AssignmentKey.id(key), entry.getValue()),
                            entry.getRevision()));
                } catch (IOException e) {
                    LOG.warn("Fleet assignment {} is unreadable and left out: {}", key, e.getMessage());
                }
            }
            out.sort(Comparator.comparing((FleetAssignment f) -> f.target().keyPrefix())
                    .thenComparing(f -> f.assignment().id()));
            return out;
        });
    }

    @Override
    public List<FleetAgent> agents() {
        return BrokerCall.run(fleet, "list the fleet's agents", () -> {
            KeyValue kv = Buckets.keyValue(fleet.connection(), Buckets.AGENTS, 1);
            List<FleetAgent> out = new ArrayList<>();
            for (String key : kv.keys()) {
                KeyValueEntry entry = kv.get(key);
                if (!present(entry)) {
                    continue;
                }
                try {
                    out.add(AgentEntry.read(key, entry.getValue()));
                } catch (IOException e) {
                    LOG.warn("Fleet agent entry {} is unreadable and left out: {}", key, e.getMessage());
                }
            }
            out.sort(AgentEntry.NEWEST_FIRST);
            return out;
        });
    }

    @Override
    public List<CheckResult> results(String agentId, String assignmentId, int limit) {
        if (agentId != null && !AssignmentKey.TOKEN.matcher(agentId).matches()) {
            return List.of(); // no agent can publish under such a subject
        }
        String filter = AssignmentKey.resultFilter(agentId, assignmentId);
        return BrokerCall.run(fleet, "read results from " + FleetResultPublisher.STREAM,
                () -> new ResultHistory(fleet.connection(), FleetResultPublisher.STREAM).newest(filter, limit));
    }

    private KeyValue assignmentBucket() throws IOException, io.nats.client.JetStreamApiException {
        return Buckets.keyValue(fleet.connection(), Buckets.ASSIGNMENTS, 1);
    }

    private static boolean present(KeyValueEntry entry) {
        return entry != null && entry.getOperation() == KeyValueOperation.PUT;
    }
}
