package dev.warden.scheduler.internal;

import dev.warden.api.AssignmentListener;
import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentSource;
import dev.warden.api.CheckRunner;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultSink;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import java.net.InetAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler service: merges the assignments of every source and keeps them running.
 * Sources tell it about changes through the {@link AssignmentListener} whiteboard.
 */
@Component(service = {AssignmentRunner.class, AssignmentListener.class}, configurationPid = SchedulerConfig.PID,
        immediate = true)
@Designate(ocd = SchedulerConfig.class)
public final class SchedulerComponent implements AssignmentRunner, AssignmentListener {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerComponent.class);

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile CheckRunner runner;

    @Reference(policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginRegistry registry;

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    final List<ResultSink> sinks = new CopyOnWriteArrayList<>();

    /** Bound sources in bind order (earlier sources win an id clash) with their last-read sets. */
    private final List<AssignmentSource> sources = new CopyOnWriteArrayList<>();
    private final Map<AssignmentSource, Collection<Assignment>> sets = new ConcurrentHashMap<>();

    private volatile AssignmentScheduler scheduler;

    @Activate
    void activate(SchedulerConfig config) {
        String agentId = config.agent__id().isBlank() ? hostName() : config.agent__id().trim();
        CheckExecution execution = new CheckExecution(() -> runner, () -> registry, agentId, Clock.systemUTC());
        ResultFanOut fanOut = new ResultFanOut(() -> sinks);
        ScheduleTiming timing = new ScheduleTiming(config.jitter__percent(), () -> ThreadLocalRandom.current().nextDouble());
        Backoff backoff = new Backoff(config.backoff__after__failures(), config.backoff__max__ms());
        scheduler = new AssignmentScheduler(execution, fanOut, timing, backoff, Clock.systemUTC(), config.workers());
        LOG.info("Scheduler started: agent {}, {} workers, {}% jitter, backoff after {} failures up to {} ms", agentId,
                config.workers(), config.jitter__percent(), backoff.afterFailures(), config.backoff__max__ms());
        apply();
    }

    @Deactivate
    void deactivate() {
        AssignmentScheduler s = scheduler;
        scheduler = null;
        if (s != null) {
            s.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindSource(AssignmentSource source) {
        sources.add(source);
        reread(source);
    }

    void unbindSource(AssignmentSource source) {
        sources.remove(source);
        sets.remove(source);
        apply();
    }

    @Override
    public void assignmentsChanged(AssignmentSource source) {
        if (sources.contains(source)) {
            reread(source);
        }
    }

    private void reread(AssignmentSource source) {
        try {
            Collection<Assignment> current = source.assignments();
            sets.put(source, current == null ? List.of() : List.copyOf(current));
        } catch (RuntimeException e) {
            LOG.error("Assignment source {} failed to list its assignments; keeping its previous set", source, e);
        }
        apply();
    }

    /** Serialised so concurrent source changes cannot apply an older merge after a newer one. */
    private synchronized void apply() {
        AssignmentScheduler s = scheduler;
        if (s == null) {
            return;
        }
        List<Assignment> merged = new ArrayList<>();
        Map<String, String> owners = new java.util.HashMap<>();
        for (AssignmentSource source : sources) {
            for (Assignment a : sets.getOrDefault(source, List.of())) {
                String owner = owners.putIfAbsent(a.id(), String.valueOf(a.source()));
                if (owner == null) {
                    merged.add(a);
                } else {
                    LOG.warn("Assignment {} from source {} ignored: source {} already defines it", a.id(), a.source(), owner);
                }
            }
        }
        s.update(merged);
    }

    @Override
    public List<Assignment> assignments() {
        AssignmentScheduler s = scheduler;
        return s == null ? List.of() : s.assignments();
    }

    @Override
    public Optional<Assignment> assignment(String id) {
        AssignmentScheduler s = scheduler;
        return s == null ? Optional.empty() : s.assignment(id);
    }

    @Override
    public Optional<CheckResult> runNow(String assignmentId) {
        AssignmentScheduler s = scheduler;
        return s == null ? Optional.empty() : s.runNow(assignmentId);
    }

    @Override
    public ScheduleStats stats() {
        AssignmentScheduler s = scheduler;
        return s == null ? new ScheduleStats(0, 0, 0, 0, 0) : s.stats();
    }

    @Override
    public List<AssignmentStats> assignmentStats() {
        AssignmentScheduler s = scheduler;
        return s == null ? List.of() : s.assignmentStats();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }
}
