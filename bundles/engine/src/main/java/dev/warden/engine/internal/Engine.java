package dev.warden.engine.internal;

import dev.warden.api.CheckRunner;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.ModuleValidator;
import dev.warden.api.RunRequest;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import dev.warden.api.spi.KnownCapabilities;
import dev.warden.api.spi.RunInfo;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sandbox: validates modules and runs checks, one fresh Chicory instance per run from a
 * compiled module cached by content hash. Plain Java so that tests and benchmarks can build it
 * directly; {@link EngineComponent} wires it into OSGi.
 */
public final class Engine implements CheckRunner, ModuleValidator, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    /** How long a guest may ignore interruption after its deadline before its thread is abandoned. */
    static final long GRACE_MS = 250;

    /**
     * What a run costs beyond its linear memory, for admission: the instance, its tables (at most
     * max_table_elements references), host-call buffers (a log line or a result is read whole) and
     * the run's log.
     */
    static final long RUN_OVERHEAD_BYTES = RunLimits.MIB;

    private final CapabilityIndex capabilities;
    private final CompiledModuleCache cache;
    private final GuestPool pool;
    private final MemoryBudget memoryBudget;
    private volatile EngineSettings settings;

    public Engine(EngineSettings settings, CapabilityIndex capabilities) {
        this.settings = settings;
        this.capabilities = capabilities;
        this.cache = new CompiledModuleCache(settings.compileCacheSize());
        this.pool = new GuestPool(settings.guestThreads());
        this.memoryBudget = new MemoryBudget(budgetBytes(settings));
    }

    /** Applies new settings to the next runs; runs in flight keep the budget they started with. */
    public void reconfigure(EngineSettings next) {
        this.settings = next;
        cache.resize(next.compileCacheSize());
        pool.resize(next.guestThreads());
        memoryBudget.resize(budgetBytes(next));
    }

    private static long budgetBytes(EngineSettings s) {
        return s.runLimits().memoryBudgetBytes(Runtime.getRuntime().maxMemory());
    }

    public EngineSettings settings() {
        return settings;
    }

    /** How many modules were compiled because the cache did not hold them. */
    public long compilations() {
        return cache.compilations();
    }

    /** How many compilations were abandoned because they exceeded the compile budget. */
    public long abandonedCompilations() {
        return cache.abandonedCompilations();
    }

    /** Abandoned compilations whose threads are still working. */
    public int runningAbandonedCompilations() {
        return cache.runningAbandoned();
    }

    /** How many guests ignored interruption and were left to finish on their own. */
    public long abandonedRuns() {
        return pool.abandoned();
    }

    /** Abandoned runs whose threads are still working (they keep their memory reservation until they stop). */
    public int lingeringRuns() {
        return pool.lingering();
    }

    /** Runs refused because the memory budget stayed full for their whole admission wait, since start. */
    public long admissionRefused() {
        return memoryBudget.refused();
    }

    /** Runs holding a memory reservation: executing, or abandoned and still on their thread. */
    public int inFlight() {
        return memoryBudget.holders();
    }

    /** Sum of the memory reservations of the runs in flight, in bytes. */
    public long memoryInUseBytes() {
        return memoryBudget.inUseBytes();
    }

    /** The agent-wide memory budget for runs in flight, in bytes. */
    public long memoryBudgetBytes() {
        return memoryBudget.budgetBytes();
    }

    @Override
    public void close() {
        pool.close();
        cache.clear();
    }

    /**
     * Refuses a module that could not run as this manifest's checker: structure over the limits,
     * not Wasm, imports the manifest does not cover, memory or entrypoint rules, or too slow to
     * compile. A module that passes is compiled in the configured mode and cached, so its first run
     * does not compile it again.
     */
    @Override
    public void validate(byte[] wasm, PluginManifest manifest) throws InvalidPluginException {
        if (manifest == null) {
            throw new InvalidPluginException("invalid_manifest", "manifest is missing");
        }
        if (wasm == null || wasm.length == 0) {
            throw ModuleRules.invalid("module is empty");
        }
        EngineSettings s = settings;
        int capPages = RunBudget.memoryCapPages(s, manifest);
        CapabilityIndex.Snapshot installed = capabilities.snapshot();
        ModuleCompiler.Precheck rules = facts -> {
            ImportPolicy.check(facts, manifest, installed);
            ModuleRules.check(facts, manifest, capPages);
        };
        byte[] bytes = wasm.clone();
        CompiledModule compiled;
        try {
            compiled = cache.get(s.mode().name() + ':' + sha256(bytes),
                    () -> ModuleCompiler.compile(bytes, s.mode(), s.moduleLimits(), rules),
                    s.moduleLimits().maxCompileMs());
        } catch (IOException e) {
            throw new InvalidPluginException("internal", "the module could not be checked: " + e.getMessage());
        }
        // Already cached modules were compiled for another manifest (or none): check this one.
        rules.check(compiled.facts());
    }

    @Override
    public Set<String> knownCapabilities() {
        Set<String> names = new TreeSet<>(KnownCapabilities.IMPORTS.keySet());
        names.addAll(capabilities.snapshot().names());
        return Collections.unmodifiableSet(names);
    }

    @Override
    public CheckResult run(RunRequest request) {
        String id = UUID.randomUUID().toString();
        long started = System.nanoTime();
        try {
            return execute(id, request, started);
        } catch (RuntimeException | Error e) {
            LOG.error("Engine failure while running a check", e);
            return failure(id, request, started, "engine failure: " + e);
        }
    }

    private CheckResult execute(String id, RunRequest request, long started) {
        EngineSettings s = settings;
        PluginInfo info = request.plugin().info();
        PluginManifest manifest = info.manifest();
        Assignment assignment = request.assignment();
        RunBudget budget = RunBudget.of(s, manifest, assignment);
        Grants grants = EffectiveGrants.of(manifest, assignment == null ? null : assignment.grants());
        RunLog log = new RunLog(budget.maxLogBytes(), budget.maxLogLines());
        RunInfo runInfo = new RunInfo(id, info.id(), info.version(), assignment == null ? null : assignment.id(),
                request.agentId());
        RunContext ctx = new RunContext(runInfo, manifest, grants, assignment == null ? "{}" : assignment.params(),
                log, s.runLimits().maxHostCalls());

        CompiledModule compiled;
        try {
            compiled = cache.get(cacheKey(s.mode(), info, request), () -> ModuleCompiler.compile(
                    request.plugin().wasm(), s.mode(), s.moduleLimits(), ModuleCompiler.Precheck.NONE),
                    s.moduleLimits().maxCompileMs());
            ModuleRules.check(compiled.facts(), manifest, budget.memoryCapPages());
        } catch (InvalidPluginException e) {
            return finish(id, request, started, ctx, null, new Outcome.Refused("invalid_module",
                    "invalid module: " + e.getMessage()));
        } catch (IOException e) {
            return finish(id, request, started, ctx, null, new Outcome.Refused("internal",
                    "cannot read the plugin module: " + e.getMessage()));
        }

        ImportLinker.Linked linked = ImportLinker.link(compiled.facts(), manifest, Set.copyOf(grants.capabilities()),
                capabilities.snapshot(), ctx);
        if (linked.missing() != null) {
            linked.close();
            return finish(id, request, started, ctx, null, new Outcome.Refused("missing_capability", linked.missing()));
        }
        GuestExecution guest = new GuestExecution(compiled, linked.imports(), ctx, manifest.entrypoint(),
                budget.memoryCapPages(), s.moduleLimits().maxTableElements());
        Outcome outcome;
        try {
            outcome = admitAndRun(guest, ctx, budget, s);
        } finally {
            ctx.end();
            linked.close();
        }
        return finish(id, request, started, ctx, guest, outcome);
    }

    /**
     * Reserves the run's memory in the agent-wide budget (waiting a little for room), then runs it
     * on a guest thread. The reservation is given back when the guest thread lets go of the run,
     * which for an abandoned run is when it finally stops.
     */
    private Outcome admitAndRun(GuestExecution guest, RunContext ctx, RunBudget budget, EngineSettings s) {
        long cost = (long) budget.memoryCapPages() * ModuleRules.PAGE_BYTES + RUN_OVERHEAD_BYTES;
        MemoryBudget.Reservation reservation;
        try {
            reservation = memoryBudget.reserve(cost, Math.min(s.runLimits().admissionWaitMs(), budget.timeoutMs()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome.Refused("interrupted", "run interrupted: the agent is stopping");
        }
        if (reservation == null) {
            return new Outcome.Refused("admission", "admission: memory budget of "
                    + memoryBudget.budgetBytes() / RunLimits.MIB + " MiB is in use");
        }
        ctx.startClock(budget.timeoutMs());
        Outcome outcome = pool.run(guest, budget.timeoutMs(), GRACE_MS, ctx.resources()::closeAll,
                reservation::release);
        if (outcome instanceof Outcome.Interrupted) {
            // The guest was stopped by its own deadline (seen at a host call), or the engine is stopping.
            outcome = ctx.overdue() ? new Outcome.TimedOut(budget.timeoutMs(), false)
                    : new Outcome.Refused("interrupted", "run interrupted: the agent is stopping");
        }
        return outcome;
    }

    private CheckResult finish(String id, RunRequest request, long started, RunContext ctx, GuestExecution guest,
            Outcome outcome) {
        RunLog log = ctx.runLog();
        long cpuNanos = guest == null ? 0 : Math.max(0, guest.cpuNanos());
        var measured = new ResultAssembler.Measured(elapsedMs(started), TimeUnit.NANOSECONDS.toMillis(cpuNanos),
                ctx.memoryBytes(), ctx.hostCalls(), ctx.egressBytes(), ctx.egressDenied(), log.bytes(), log.dropped(),
                log.lines());
        return ResultAssembler.assemble(id, request, outcome, ctx.submitted(), measured);
    }

    /** The last resort when the engine itself failed: still a well-formed UNKNOWN result. */
    private static CheckResult failure(String id, RunRequest request, long started, String summary) {
        PluginInfo info = null;
        try {
            info = request == null || request.plugin() == null ? null : request.plugin().info();
        } catch (RuntimeException ignored) {
            // the plugin package itself is broken; report without its ids
        }
        Assignment a = request == null ? null : request.assignment();
        return new CheckResult(id, Status.UNKNOWN, summary, null, null, null,
                Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), info == null ? null : info.id(),
                info == null ? null : info.version(), a == null ? null : a.id(),
                request == null ? null : request.agentId(),
                new RunStats(elapsedMs(started), 0, 0, 0, 0, 0, 0, "internal"), null);
    }

    private static long elapsedMs(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** Mode + content hash; the registry's hash is trusted, a package without one is hashed here. */
    private static String cacheKey(ExecutionMode mode, PluginInfo info, RunRequest request) throws IOException {
        String sha = info.sha256();
        if (sha == null || sha.isBlank()) {
            sha = sha256(request.plugin().wasm());
        }
        return mode.name() + ':' + sha.toLowerCase(java.util.Locale.ROOT);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
