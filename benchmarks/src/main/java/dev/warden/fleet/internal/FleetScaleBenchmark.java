package dev.warden.fleet.internal;

import dev.warden.api.dto.Assignment;
import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fleet at scale, in one process: {@code agents} simulated agents (default 100), each with its
 * own connection, assignment watches (its id, label {@code all}, one of four region labels), disk
 * cache and result publisher, against one real nats-server with JetStream.
 *
 * <ul>
 * <li>{@link #labelChangeReachesAllAgents}: the operator changes {@code label.all.bench}; the time
 * until every agent's assignment listener (the scheduler's place) has heard of that KV revision.
 * <li>{@link #agentChangeReachesItsAgent}: the same for a key of one agent ({@code agent.<id>.own},
 * agents taken in turn).
 * <li>{@link #resultsIngested}: every agent journals {@code resultsPerAgent} results and wakes its
 * publisher; the round ends when the stream has acknowledged all of them. The secondary
 * {@code :results} score is results per second into {@code WARDEN_RESULTS}; the trial's end checks
 * the stream holds exactly as many messages as were journalled.
 * </ul>
 * Setup and tear-down print the agents' heap and threads and the server's memory.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 2, time = 5)
@Measurement(iterations = 5, time = 5)
public class FleetScaleBenchmark {

    private static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

    static {
        // 100 agents log their connects and watches at info; the benchmark output should stay readable
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
    }

    private static final String LABEL_KEY = "label.all.bench";
    private static final String OWN_ID = "own";
    private static final long TIMEOUT_MS = 30_000;

    @Param("100")
    public int agents;

    @Param("50")
    public int resultsPerAgent;

    private Path dir;
    private BenchmarkBroker broker;
    private Connection operator;
    private KeyValue assignments;
    private final List<SimulatedAgent> fleet = new ArrayList<>();
    private AppliedRevisions applied;
    private long round;
    private int nextAgent;
    private long journalled;

    /** Results per second, next to the primary score (rounds per second). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Ingested {
        public long results;

        @Setup(Level.Iteration)
        public void reset() {
            results = 0;
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
        long heapBefore = heapUsedAfterGcMiB();
        long rssBefore = jvmResidentMiB();
        dir = Files.createTempDirectory("warden-fleet-scale");
        broker = BenchmarkBroker.start(dir);
        operator = Nats.connect(Options.builder().server(broker.url()).connectionName("warden-bench-operator").build());
        assignments = Buckets.keyValue(operator, Buckets.ASSIGNMENTS, 1);
        // created by the operator, as in a least-privilege fleet where agents may not create it
        operator.jetStreamManagement().addStream(StreamConfiguration.builder().name(FleetResultPublisher.STREAM)
                .subjects(FleetResultPublisher.SUBJECT_PREFIX + ">").storageType(StorageType.File)
                .duplicateWindow(FleetResultPublisher.DUPLICATE_WINDOW).build());
        long initial = assignments.put(LABEL_KEY, value(0));

        long started = System.nanoTime();
        for (int i = 0; i < agents; i++) {
            fleet.add(SimulatedAgent.connect(i, broker.url(), dir.resolve("agents")));
        }
        awaitConnected();
        long connectedMs = msSince(started);
        applied = new AppliedRevisions(agents);
        PresentRegistry registry = new PresentRegistry();
        for (SimulatedAgent agent : fleet) {
            agent.start(registry, applied);
        }
        applied.await(initial, 0, agents, 60_000);
        long readyMs = msSince(started);

        System.out.printf("%nfleet scale: %d agents connected in %d ms, all watching with revision %d in %d ms%n",
                agents, connectedMs, initial, readyMs);
        System.out.printf("fleet scale: JVM threads %d (%d before the agents); heap used after GC %d MiB (%d MiB before); "
                + "JVM RSS %d MiB (%d MiB before); nats-server RSS %d MiB%n", ManagementFactory.getThreadMXBean().getThreadCount(),
                threadsBefore, heapUsedAfterGcMiB(), heapBefore, jvmResidentMiB(), rssBefore, broker.residentMiB());
        System.out.printf("fleet scale: threads by name: %s%n", threadsByName());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        try {
            if (journalled > 0) {
                long inStream = awaitStreamCount(journalled);
                System.out.printf("%nfleet scale: %d results journalled, %d messages in %s%n", journalled, inStream,
                        FleetResultPublisher.STREAM);
                if (inStream != journalled) {
                    throw new IllegalStateException(journalled + " results journalled but " + inStream + " reached "
                            + FleetResultPublisher.STREAM);
                }
            }
            System.out.printf("%nfleet scale: at the end: JVM threads %d (peak %d); heap used after GC %d MiB; "
                    + "JVM RSS %d MiB; nats-server RSS %d MiB%n", ManagementFactory.getThreadMXBean().getThreadCount(),
                    ManagementFactory.getThreadMXBean().getPeakThreadCount(), heapUsedAfterGcMiB(), jvmResidentMiB(),
                    broker.residentMiB());
        } finally {
            fleet.forEach(SimulatedAgent::stop);
            fleet.clear();
            if (operator != null) {
                operator.close();
            }
            if (broker != null) {
                broker.close();
            }
            deleteTree(dir);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long labelChangeReachesAllAgents() throws Exception {
        long revision = assignments.put(LABEL_KEY, value(++round));
        applied.await(revision, 0, agents, TIMEOUT_MS);
        return revision;
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    public long agentChangeReachesItsAgent() throws Exception {
        int agent = nextAgent;
        nextAgent = (nextAgent + 1) % agents;
        long revision = assignments.put("agent." + SimulatedAgent.agentId(agent) + "." + OWN_ID, value(++round));
        applied.await(revision, agent, agent + 1, TIMEOUT_MS);
        return revision;
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public void resultsIngested(Ingested ingested) throws TimeoutException {
        for (SimulatedAgent agent : fleet) {
            agent.produce(resultsPerAgent);
        }
        journalled += (long) agents * resultsPerAgent;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        while (published() < journalled) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(published() + " of " + journalled + " results acknowledged after " + TIMEOUT_MS + " ms");
            }
            LockSupport.parkNanos(100_000);
        }
        fleet.forEach(SimulatedAgent::trimJournal);
        ingested.results += (long) agents * resultsPerAgent;
    }

    private long published() {
        long sum = 0;
        for (SimulatedAgent agent : fleet) {
            sum += agent.published();
        }
        return sum;
    }

    /** A realistic assignment value whose params change every round, so every put is a change. */
    private static byte[] value(long round) {
        return AssignmentCodec.bytes(new Assignment("bench", "http-check", "1.0.0", 30_000, 5_000L,
                "{\"url\":\"https://example.test/health\",\"round\":" + round + "}", null, null, true, AssignmentCodec.SOURCE));
    }

    private void awaitConnected() throws TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!fleet.stream().allMatch(a -> a.fleet.connected())) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("agents not connected: " + fleet.stream().filter(a -> !a.fleet.connected())
                        .map(a -> a.fleet.agentId()).toList());
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    private long awaitStreamCount(long expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        long count;
        do {
            count = operator.jetStreamManagement().getStreamInfo(FleetResultPublisher.STREAM).getStreamState().getMsgCount();
            if (count >= expected) {
                // a moment more, so a late duplicate would show
                Thread.sleep(500);
                return operator.jetStreamManagement().getStreamInfo(FleetResultPublisher.STREAM).getStreamState()
                        .getMsgCount();
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return count;
    }

    private static long msSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static long heapUsedAfterGcMiB() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
    }

    private static long jvmResidentMiB() {
        return ProcessMemory.residentMiB(ProcessHandle.current().pid());
    }

    /** Live threads grouped by name without digits, largest groups first. */
    private static String threadsByName() {
        Map<String, Long> groups = Thread.getAllStackTraces().keySet().stream()
                .collect(Collectors.groupingBy(t -> t.getName().replaceAll("[0-9]+", "#"), TreeMap::new, Collectors.counting()));
        return groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
