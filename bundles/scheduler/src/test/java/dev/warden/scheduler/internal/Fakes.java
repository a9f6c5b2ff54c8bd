package dev.warden.scheduler.internal;

import dev.warden.api.AssignmentSource;
import dev.warden.api.CheckRunner;
import dev.warden.api.PluginPackage;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultSink;
import dev.warden.api.RunRequest;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Metric;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import dev.warden.api.dto.Threshold;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** Small hand-written stand-ins for the services the scheduler consumes. */
final class Fakes {

    private Fakes() {
    }

    static Assignment assignment(String id, long intervalMs) {
        return new Assignment(id, "demo", null, intervalMs, null, "{}", null, Map.of(), true, "fake");
    }

    static Assignment withThresholds(Assignment a, Map<String, Threshold> t) {
        return new Assignment(a.id(), a.pluginId(), a.pluginVersion(), a.intervalMs(), a.timeoutMs(), a.params(),
                a.grants(), t, a.enabled(), a.source());
    }

    static Assignment disabled(Assignment a) {
        return new Assignment(a.id(), a.pluginId(), a.pluginVersion(), a.intervalMs(), a.timeoutMs(), a.params(),
                a.grants(), a.thresholds(), false, a.source());
    }

    static Assignment pinned(Assignment a, String version) {
        return new Assignment(a.id(), a.pluginId(), version, a.intervalMs(), a.timeoutMs(), a.params(), a.grants(),
                a.thresholds(), a.enabled(), a.source());
    }

    static CheckResult ok(RunRequest r, Metric... metrics) {
        return new CheckResult("r-" + System.nanoTime(), Status.OK, "fine", null, List.of(metrics), Map.of(),
                "2026-01-01T00:00:00Z", r.plugin().info().id(), r.plugin().info().version(), r.assignment().id(),
                r.agentId(), new RunStats(1, 0, 0, 1, 0, 0, 0, null), List.of());
    }

    static void await(BooleanSupplier condition, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("condition not met within " + timeoutMs + " ms");
            }
            Thread.sleep(5);
        }
    }

    /** Records requests, tracks concurrency per assignment, answers with a configurable function. */
    static final class FakeRunner implements CheckRunner {
        final List<RunRequest> requests = new CopyOnWriteArrayList<>();
        final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
        final AtomicInteger maxConcurrentPerAssignment = new AtomicInteger();
        volatile Function<RunRequest, CheckResult> answer = Fakes::ok;
        volatile long sleepMs;

        @Override
        public CheckResult run(RunRequest request) {
            AtomicInteger n = running.computeIfAbsent(request.assignment().id(), k -> new AtomicInteger());
            maxConcurrentPerAssignment.accumulateAndGet(n.incrementAndGet(), Math::max);
            try {
                requests.add(request);
                if (sleepMs > 0) {
                    Thread.sleep(sleepMs);
                }
                return answer.apply(request);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return answer.apply(request);
            } finally {
                n.decrementAndGet();
            }
        }

        long runsOf(String id) {
            return requests.stream().filter(r -> r.assignment().id().equals(id)).count();
        }
    }

    static final class FakeRegistry implements PluginRegistry {
        final List<PluginInfo> installed = new CopyOnWriteArrayList<>();

        FakeRegistry with(String id, String version) {
            installed.add(new PluginInfo(new PluginManifest(id, id, version, null, null, null, null, List.of(), null, null,
                    null, null, null), "00", 0, null, "disk", "2026-01-01T00:00:00Z", false));
            return this;
        }

        @Override
        public List<PluginInfo> list() {
            return List.copyOf(installed);
        }

        @Override
        public Optional<PluginPackage> find(String id, String version) {
            PluginInfo best = null;
            for (PluginInfo i : installed) {
                if (i.id().equals(id) && (version == null || version.equals(i.version()))
                        && (best == null || i.version().compareTo(best.version()) > 0)) {
                    best = i;
                }
            }
            PluginInfo found = best;
            return Optional.ofNullable(found).map(info -> new PluginPackage() {
                @Override
                public PluginInfo info() {
                    return info;
                }

                @Override
                public byte[] wasm() {
                    return new byte[0];
                }

                @Override
                public Optional<String> configSchema() {
                    return Optional.empty();
                }
            });
        }

        @Override
        public PluginInfo install(InputStream zip, String origin) {
            throw new UnsupportedOperationException();
        }

        @Override
        public PluginInfo validate(InputStream zip, String origin) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean delete(String id, String version) {
            return installed.removeIf(i -> i.id().equals(id) && i.version().equals(version));
        }

        @Override
        public void validateAssignment(Assignment assignment) {
            // The scheduler never validates: assignments reach it already stored.
        }

        @Override
        public java.util.Set<String> secretParams(String id, String version) {
            return java.util.Set.of();
        }
    }

    static final class FakeSource implements AssignmentSource {
        final List<Assignment> current = new CopyOnWriteArrayList<>();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public Collection<Assignment> assignments() {
            reads.incrementAndGet();
            return new ArrayList<>(current);
        }
    }

    static final class RecordingSink implements ResultSink {
        final List<CheckResult> results = new CopyOnWriteArrayList<>();

        @Override
        public void publish(CheckResult result) {
            results.add(result);
        }
    }

    static final class BrokenSink implements ResultSink {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public void publish(CheckResult result) {
            calls.incrementAndGet();
            throw new IllegalStateException("disk full");
        }
    }
}
