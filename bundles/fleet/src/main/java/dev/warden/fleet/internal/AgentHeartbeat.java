package dev.warden.fleet.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.spi.HostCapability;
import dev.warden.common.Json;
import io.nats.client.KeyValue;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this agent's entry in the {@code warden-agents} bucket fresh: version, labels, present
 * capabilities, configuration revision and last-seen time, under the key {@code <agent-id>}.
 */
@Component(service = AgentHeartbeat.class, immediate = true)
public final class AgentHeartbeat {

    private static final Logger LOG = LoggerFactory.getLogger(AgentHeartbeat.class);

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    final List<HostCapability> capabilities = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile FleetResultPublisher results;

    private final FleetConnection fleet;
    private final FleetAssignmentSource assignments;
    private final String version;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-fleet-heartbeat");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public AgentHeartbeat(@Reference FleetConnection fleet, @Reference FleetAssignmentSource assignments, BundleContext context) {
        this.fleet = fleet;
        this.assignments = assignments;
        this.version = context.getBundle().getVersion().toString();
    }

    @Activate
    void activate() {
        timer.scheduleWithFixedDelay(this::beat, 0, fleet.settings().heartbeatSeconds(), TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }

    ObjectNode entry() {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("agent_id", fleet.agentId());
        node.put("version", version);
        fleet.settings().labels().forEach(node.putArray("labels")::add);
        var caps = node.putArray("capabilities");
        capabilities.stream().map(HostCapability::name).sorted().distinct().forEach(caps::add);
        node.put("config_revision", assignments.configRevision());
        assignments.refusedPackages().forEach(node.putArray("refused_packages")::add);
        assignments.rejectedAssignments().forEach(node.putArray("rejected_assignments")::add);
        String watchError = assignments.watchError();
        if (watchError != null) {
            node.put("assignments_error", watchError);
        }
        FleetResultPublisher publisher = results;
        node.put("result_backlog", publisher == null ? -1 : publisher.backlog());
        node.put("results_skipped", publisher == null ? 0 : publisher.skipped());
        node.put("last_seen", Instant.now().toString());
        return node;
    }

    private void beat() {
        if (!fleet.connected()) {
            return;
        }
        try {
            KeyValue kv = Buckets.keyValue(fleet.connection(), Buckets.AGENTS, 1);
            kv.put(fleet.agentId(), Json.mapper().writeValueAsBytes(entry()));
        } catch (Exception e) {
            LOG.debug("Fleet heartbeat not written ({})", e.toString());
        }
    }
}
