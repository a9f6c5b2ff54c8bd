package dev.warden.fleet.internal;

import dev.warden.api.AssignmentListener;
import dev.warden.api.AssignmentSource;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.ComponentServiceObjects;
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
 * Assignments from the fleet's {@code warden-assignments} bucket, for this agent's id and labels.
 * Before listeners hear of a change, the packages it names are fetched from the fleet when missing.
 */
@Component(service = {AssignmentSource.class, FleetAssignmentSource.class},
        property = "warden.source=" + AssignmentCodec.SOURCE)
public final class FleetAssignmentSource implements AssignmentSource {

    private static final Logger LOG = LoggerFactory.getLogger(FleetAssignmentSource.class);

    /** Service objects, not services: the scheduler listens here and also consumes this source (see ConfigAdminAssignmentStore). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    final List<ComponentServiceObjects<AssignmentListener>> listeners = new CopyOnWriteArrayList<>();

    /** How often packages that assignments name but the agent could not obtain are tried again. */
    static final long RETRY_MISSING_SECONDS = 30;

    private final FleetConnection fleet;
    private final PluginRegistry registry;
    private final AssignmentWatch watch;
    /** Assignment id -> why the agent does not run it, as last computed. */
    private volatile Map<String, String> rejected = Map.of();
    private final PackageFetcher packages;
    private final ScheduledExecutorService retry = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "warden-fleet-packages");
        t.setDaemon(true);
        return t;
    });

    @Activate
    public FleetAssignmentSource(@Reference FleetConnection fleet, @Reference PluginRegistry registry) {
        this.fleet = fleet;
        this.registry = registry;
        this.packages = new PackageFetcher(fleet, registry);
        this.watch = new AssignmentWatch(fleet, new AssignmentCache(fleet.settings().dataDir().resolve("assignments.json")),
                w -> changed());
    }

    @Activate
    void activate() {
        watch.start();
        // A package missing when its assignment arrived (broker away at start, store not yet
        // filled) would otherwise wait for the next change of the assignment.
        retry.scheduleWithFixedDelay(this::retryMissing, RETRY_MISSING_SECONDS, RETRY_MISSING_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        retry.shutdownNow();
        watch.close();
    }

    private void retryMissing() {
        if (!fleet.connected()) {
            return;
        }
        try {
            boolean installed = false;
            for (Assignment a : watch.assignments()) {
                installed |= packages.ensure(a.pluginId(), a.pluginVersion(), false) == PackageFetcher.Outcome.INSTALLED;
            }
            if (installed) {
                notifyListeners();
            }
        } catch (RuntimeException e) {
            LOG.warn("Retrying missing fleet packages failed", e);
        }
    }

    @Override
    public String name() {
        return AssignmentCodec.SOURCE;
    }

    /**
     * The fleet's assignments for this agent that pass the same checks as a local one (grants
     * within what the manifest requests, params valid against its schema). Values normally come
     * through the operator API, which checks them before storing; one written to the bucket by
     * other means and failing the checks is not run, and is reported in the heartbeat. An
     * assignment whose plugin is not installed stays in: each of its runs reports that as UNKNOWN.
     */
    @Override
    public Collection<Assignment> assignments() {
        List<Assignment> accepted = new ArrayList<>();
        Map<String, String> refused = new TreeMap<>();
        for (Assignment a : watch.assignments()) {
            String why = rejection(a);
            if (why == null) {
                accepted.add(a);
            } else {
                refused.put(a.id(), why);
            }
        }
        if (!refused.equals(rejected)) {
            refused.forEach((id, why) -> {
                if (!why.equals(rejected.get(id))) {
                    LOG.error("Fleet assignment {} is not run: {}", id, why);
                }
            });
            rejected = Map.copyOf(refused);
        }
        return accepted;
    }

    private String rejection(Assignment a) {
        try {
            if (registry.find(a.pluginId(), a.pluginVersion()).isEmpty()) {
                return null;
            }
            registry.validateAssignment(a);
            return null;
        } catch (InvalidAssignmentException e) {
            return e.getMessage();
        } catch (RuntimeException e) {
            return "it could not be checked: " + e;
        }
    }

    /** Whether the live set arrives from the broker (else the agent runs its last known set). */
    public boolean live() {
        return fleet.connected() && watch.live();
    }

    /** Why this agent does not receive its live assignment set (it runs the last known one), or null. */
    public String watchError() {
        return watch.error();
    }

    /**
     * Assignments this agent refuses to run, each as {@code "<id>: <reason>"}, as of the last time
     * the set was read (every change is read by the scheduler at once), so heartbeats and scrapes
     * do not validate every assignment again.
     */
    public List<String> rejectedAssignments() {
        List<String> out = new ArrayList<>();
        rejected.forEach((id, why) -> out.add(id + ": " + why));
        return out;
    }

    /** The KV revision of the current set: the configuration version this agent reports. */
    public long configRevision() {
        return watch.revision();
    }

    /** Packages this agent fetched and refused (see {@link PackageFetcher#refusals()}). */
    public java.util.List<String> refusedPackages() {
        return packages.refusals();
    }

    private void changed() {
        for (Assignment a : watch.assignments()) {
            PackageFetcher.Outcome outcome = packages.ensure(a.pluginId(), a.pluginVersion());
            if (outcome != PackageFetcher.Outcome.PRESENT && outcome != PackageFetcher.Outcome.INSTALLED) {
                LOG.warn("Fleet assignment {}: package {} {} {}", a.id(), a.pluginId(),
                        a.pluginVersion() == null ? "(newest)" : a.pluginVersion(), outcome);
            }
        }
        notifyListeners();
    }

    private void notifyListeners() {
        for (ComponentServiceObjects<AssignmentListener> objects : listeners) {
            AssignmentListener listener = null;
            try {
                listener = objects.getService();
                if (listener != null) {
                    listener.assignmentsChanged(this);
                }
            } catch (RuntimeException e) {
                LOG.error("Assignment listener {} failed", listener, e);
            } finally {
                if (listener != null) {
                    objects.ungetService(listener);
                }
            }
        }
    }
}
