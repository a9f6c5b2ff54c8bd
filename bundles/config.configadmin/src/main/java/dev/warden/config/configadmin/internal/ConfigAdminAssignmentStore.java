package dev.warden.config.configadmin.internal;

import dev.warden.api.AssignmentListener;
import dev.warden.api.AssignmentSource;
import dev.warden.api.AssignmentStore;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.dto.Assignment;
import java.io.IOException;
import java.util.Collection;
import java.util.Hashtable;
import java.util.Enumeration;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assignments kept as ConfigAdmin factory configurations. Reads come from the bound
 * {@link AssignmentConfiguration} components; writes go to ConfigAdmin and wait briefly until DS
 * has delivered them back, so a caller that writes and then reads sees its write.
 */
@Component(service = {AssignmentStore.class, AssignmentSource.class}, property = "warden.source=" + ConfigAdminAssignmentStore.NAME)
public final class ConfigAdminAssignmentStore implements AssignmentStore {

    static final String NAME = "configadmin";

    /** How long a write waits to be seen through DS before returning anyway. */
    static final long SETTLE_MS = 2_000;

    private static final Logger LOG = LoggerFactory.getLogger(ConfigAdminAssignmentStore.class);

    private final ConfigurationAdmin configAdmin;

    /**
     * Held as service objects, not services: the scheduler is both a listener here and a consumer
     * of this store, so getting it while binding would be a service-factory cycle. A listener is
     * only fetched when there is a change to tell it about.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    final List<ComponentServiceObjects<AssignmentListener>> listeners = new CopyOnWriteArrayList<>();

    /** Changes bound before activation need no notice: a listener reads the whole set when it binds this store. */
    private volatile boolean active;

    /** Guarded by itself; also the monitor that writers wait on. */
    private final Map<String, AssignmentConfiguration> configurations = new LinkedHashMap<>();

    @Activate
    public ConfigAdminAssignmentStore(@Reference ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    @Activate
    void activate() {
        active = true;
    }

    @Deactivate
    void deactivate() {
        active = false;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindConfiguration(AssignmentConfiguration configuration) {
        synchronized (configurations) {
            configurations.put(configuration.pid(), configuration);
            configurations.notifyAll();
        }
        if (configuration.problem() != null) {
            LOG.warn("Skipping assignment configuration {}: {}", configuration.pid(), configuration.problem());
        }
        notifyListeners();
    }

    void unbindConfiguration(AssignmentConfiguration configuration) {
        synchronized (configurations) {
            configurations.remove(configuration.pid(), configuration);
            configurations.notifyAll();
        }
        notifyListeners();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Collection<Assignment> assignments() {
        Map<String, Assignment> byId = new LinkedHashMap<>();
        synchronized (configurations) {
            for (AssignmentConfiguration c : configurations.values()) {
                c.assignment().ifPresent(a -> {
                    if (byId.putIfAbsent(a.id(), a) != null) {
                        LOG.warn("Assignment configuration {} repeats id {}; the first one wins", c.pid(), a.id());
                    }
                });
            }
        }
        return List.copyOf(byId.values());
    }

    @Override
    public Assignment put(Assignment assignment) throws InvalidAssignmentException {
        Objects.requireNonNull(assignment, "assignment");
        AssignmentFields fields = AssignmentFields.of(assignment);
        Assignment stored = AssignmentParser.parse(fields, NAME);
        try {
            Configuration configuration = find(stored.id())
                    .orElse(configAdmin.getFactoryConfiguration(AssignmentConfiguration.FACTORY_PID, stored.id(), "?"));
            configuration.updateIfDifferent(mergedProperties(configuration, AssignmentFields.of(stored).toProperties()));
        } catch (IOException e) {
            throw new IllegalStateException("ConfigAdmin could not store assignment " + stored.id(), e);
        }
        awaitSeen(stored.id(), seen -> seen.filter(stored::equals).isPresent());
        LOG.info("Assignment {} stored: plugin {} every {} ms", stored.id(), stored.pluginId(), stored.intervalMs());
        return stored;
    }

    /**
     * The new assignment fields over the keys this store does not own (for example FileInstall's
     * {@code felix.fileinstall.filename}, without which an edit would not be written back to its
     * {@code .cfg} file and would be lost at the next start).
     */
    private static Hashtable<String, Object> mergedProperties(Configuration configuration, Map<String, ?> fields) {
        Hashtable<String, Object> merged = new Hashtable<>();
        Dictionary<String, Object> existing = configuration.getProperties();
        if (existing != null) {
            for (Enumeration<String> keys = existing.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                merged.put(key, existing.get(key));
            }
        }
        merged.putAll(fields);
        return merged;
    }

    @Override
    public boolean delete(String id) {
        if (id == null || !AssignmentParser.ID.matcher(id).matches()) {
            return false;
        }
        try {
            Optional<Configuration> configuration = find(id);
            if (configuration.isEmpty()) {
                return false;
            }
            configuration.get().delete();
        } catch (IOException e) {
            throw new IllegalStateException("ConfigAdmin could not delete assignment " + id, e);
        }
        awaitSeen(id, Optional::isEmpty);
        LOG.info("Assignment {} deleted", id);
        return true;
    }

    /** The configuration holding {@code id}: by its {@code id} property, or by its name when that is empty. */
    private Optional<Configuration> find(String id) throws IOException {
        String filter = "(&(service.factoryPid=" + AssignmentConfiguration.FACTORY_PID + ")(|(id=" + id + ")(service.pid="
                + AssignmentConfiguration.FACTORY_PID + "~" + id + ")))";
        try {
            Configuration[] found = configAdmin.listConfigurations(filter);
            if (found == null) {
                return Optional.empty();
            }
            for (Configuration c : found) {
                Object own = c.getProperties() == null ? null : c.getProperties().get(AssignmentFields.ID);
                if (id.equals(own)) {
                    return Optional.of(c);
                }
            }
            return Optional.of(found[0]);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("bad filter " + filter, e);
        }
    }

    /** Waits until the assignment {@code id}, as DS delivered it back, satisfies {@code done}. */
    private void awaitSeen(String id, Predicate<Optional<Assignment>> done) {
        long deadline = System.nanoTime() + SETTLE_MS * 1_000_000;
        synchronized (configurations) {
            while (!done.test(current(id))) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    LOG.debug("Assignment {} not yet visible through DS after {} ms", id, SETTLE_MS);
                    return;
                }
                try {
                    configurations.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private Optional<Assignment> current(String id) {
        for (AssignmentConfiguration c : configurations.values()) {
            Optional<Assignment> a = c.assignment().filter(x -> x.id().equals(id));
            if (a.isPresent()) {
                return a;
            }
        }
        return Optional.empty();
    }

    private void notifyListeners() {
        if (!active) {
            return;
        }
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
