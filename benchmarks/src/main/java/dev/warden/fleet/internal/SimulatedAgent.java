package dev.warden.fleet.internal;

import dev.warden.api.AssignmentListener;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Metric;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;

/**
 * One agent's fleet side as the bundle wires it, minus OSGi: its own connection, the assignment
 * source with its watches and disk cache, and the result publisher reading an in-memory journal.
 * The benchmark stands in for the scheduler (an assignment listener) and for the engine (it
 * journals results).
 */
final class SimulatedAgent {

    final int index;
    final FleetConnection fleet;
    final InMemoryJournal journal = new InMemoryJournal();
    private FleetAssignmentSource assignments;
    private FleetResultPublisher results;
    private long produced;

    private SimulatedAgent(int index, FleetConnection fleet) {
        this.index = index;
        this.fleet = fleet;
    }

    static String agentId(int index) {
        return String.format("a%03d", index);
    }

    /** Starts connecting (in the background, as the bundle does); labels {@code all} and one of four regions. */
    static SimulatedAgent connect(int index, String url, Path home) throws IOException, InterruptedException,
            GeneralSecurityException {
        String id = agentId(index);
        FleetSettings settings = new FleetSettings(List.of(url), id, List.of("all", "region-" + (index % 4)), "", "", "",
                "", false, "", "", 15, home.resolve(id).resolve("fleet"));
        return new SimulatedAgent(index, new FleetConnection(settings));
    }

    /** Activates the assignment source and the result publisher; each notice reports the revision to {@code applied}. */
    void start(PluginRegistry registry, AppliedRevisions applied) throws IOException {
        assignments = new FleetAssignmentSource(fleet, registry);
        AssignmentListener scheduler = source -> applied.applied(index, ((FleetAssignmentSource) source).configRevision());
        assignments.listeners.add(new Direct<>(scheduler));
        assignments.activate();
        results = new FleetResultPublisher(fleet, journal);
    }

    /** Journals {@code count} results, each with an id of its own, and wakes the publisher once. */
    void produce(int count) {
        CheckResult last = null;
        String now = Instant.now().toString();
        for (int i = 0; i < count; i++) {
            produced++;
            last = new CheckResult(fleet.agentId() + "-" + produced, Status.OK, "HTTP 200 in 12 ms", null,
                    List.of(new Metric("latency_ms", 12.0, "ms", 500.0, 1000.0, 0.0, null)), Map.of("region", "eu"), now,
                    "http-check", "1.0.0", "web-" + (i % 4), fleet.agentId(),
                    new RunStats(12, 3, 1 << 20, 4, 512, 0, 0, null), null);
            journal.append(last);
        }
        results.publish(last);
    }

    long produced() {
        return produced;
    }

    /** Results the stream acknowledged. */
    long published() {
        return results.published();
    }

    /** Drops what the publisher has passed from the journal, as retention would. */
    void trimJournal() {
        journal.discardBefore(results.cursor());
    }

    void stop() {
        if (results != null) {
            results.deactivate();
        }
        if (assignments != null) {
            assignments.deactivate();
        }
        fleet.close();
    }

    /** Hands out one listener object, as DS does for a singleton service. */
    private record Direct<S>(S service) implements ComponentServiceObjects<S> {
        @Override
        public S getService() {
            return service;
        }

        @Override
        public void ungetService(S s) {
        }

        @Override
        public ServiceReference<S> getServiceReference() {
            return null;
        }
    }
}
