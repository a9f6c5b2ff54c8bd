package dev.warden.engine.internal;

import com.dylibso.chicory.runtime.ByteBufferMemory;
import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens on the guest thread: a fresh instance from the compiled module (memory limited to
 * the cap, tables to the table cap; the module's start function runs here, inside the run's time
 * budget; {@code _start} does not), {@code _initialize} when exported, then the entrypoint. Every
 * way it can end becomes an {@link Outcome}; nothing is thrown.
 */
final class GuestExecution implements Supplier<Outcome> {

    private static final Logger LOG = LoggerFactory.getLogger(GuestExecution.class);
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final CompiledModule compiled;
    private final ImportValues imports;
    private final RunContext ctx;
    private final String entrypoint;
    private final int capPages;
    private final int maxTableElements;
    private volatile long cpuNanos = -1;
    private volatile long cpuStart = -1;
    private volatile Thread thread;

    GuestExecution(CompiledModule compiled, ImportValues imports, RunContext ctx, String entrypoint, int capPages,
            int maxTableElements) {
        this.compiled = compiled;
        this.imports = imports;
        this.ctx = ctx;
        this.entrypoint = entrypoint;
        this.capPages = capPages;
        this.maxTableElements = maxTableElements;
    }

    /**
     * CPU time the guest thread spent on this run so far (a run abandoned while it still runs is
     * measured at the moment of asking), or -1 when unknown.
     */
    long cpuNanos() {
        long done = cpuNanos;
        Thread t = thread;
        long start = cpuStart;
        if (done >= 0 || t == null || start < 0) {
            return done;
        }
        try {
            long now = THREADS.getThreadCpuTime(t.getId());
            return now < 0 ? -1 : now - start;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    @Override
    public Outcome get() {
        long start = cpuTime();
        cpuStart = start;
        thread = Thread.currentThread();
        try {
            return execute();
        } finally {
            long cpuEnd = cpuTime();
            cpuNanos = start < 0 || cpuEnd < 0 ? -1 : cpuEnd - start;
            thread = null;
        }
    }

    private Outcome execute() {
        try {
            Instance.Builder builder = Instance.builder(compiled.module())
                    .withStart(false)
                    .withImportValues(imports)
                    // Interpreted code (interpreter mode, or functions the compiler left to the
                    // interpreter) must also stop on interruption at br_if / br_table.
                    .withUnsafeExecutionListener(InterruptionListener.INSTANCE)
                    .withTableFactory(CappedTable.factory(maxTableElements));
            if (!compiled.interpreted()) {
                builder.withMachineFactory(compiled.machineFactory());
            }
            MemoryLimits declared = compiled.facts().memoryLimits();
            if (declared != null) {
                // Always bounded by the cap: an open-ended limit would let one plugin exhaust the heap
                // and costs a page table sized for 4 GiB on every instantiation.
                int max = Math.min(declared.maximumPages(), capPages);
                builder.withMemoryLimits(new MemoryLimits(declared.initialPages(), max, declared.shared()));
                // Known to the run before any guest code (a start function) runs, so its stats
                // show the memory even when it never gets past instantiation.
                builder.withMemoryFactory(limits -> {
                    Memory memory = new ByteBufferMemory(limits);
                    ctx.attach(memory);
                    return memory;
                });
            }
            Instance instance = builder.build();
            if (compiled.facts().exportedFunction(ModuleRules.INITIALIZE) != null) {
                instance.export(ModuleRules.INITIALIZE).apply();
            }
            instance.export(entrypoint).apply();
            return new Outcome.Completed();
        } catch (StackOverflowError e) {
            return new Outcome.Trapped("call stack exhausted");
        } catch (OutOfMemoryError e) {
            // Admission keeps the memory caps of all runs within the heap budget; reaching this means
            // the budget is set too high for the heap. The run ends; the agent goes on.
            LOG.error("A run exhausted the agent's heap; lower memory_budget_mb or raise the heap", e);
            return new Outcome.Refused("out_of_memory", "out of memory: the agent's heap ran out during the run");
        } catch (RuntimeException e) {
            return classify(e);
        }
    }

    static Outcome classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HostFunctionFailure f) {
                return new Outcome.HostFailed(f.getMessage());
            }
            if (t instanceof RunLimitExceeded limit) {
                return new Outcome.Refused(limit.abnormalEnd(), limit.getMessage());
            }
            if (t instanceof WasiExitException exit) {
                return exit.exitCode() == 0 ? new Outcome.Completed() : new Outcome.Exited(exit.exitCode());
            }
            if (t instanceof ChicoryInterruptedException) {
                return new Outcome.Interrupted();
            }
            if (t instanceof StackOverflowError) {
                return new Outcome.Trapped("call stack exhausted");
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (e instanceof UnlinkableException) {
            return new Outcome.Refused("missing_capability", "missing capability: " + e.getMessage());
        }
        String message = e.getMessage();
        if (!(e instanceof ChicoryException) || message == null || message.isBlank()) {
            message = message == null || message.isBlank() ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + message;
        }
        return new Outcome.Trapped(message);
    }

    private static long cpuTime() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }
}
