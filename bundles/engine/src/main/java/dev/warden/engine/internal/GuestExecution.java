package dev.warden.engine.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasi.WasiExitException;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.Supplier;

/**
 * What happens on the guest thread: a fresh instance from the compiled module (memory limited to
 * the cap, start function not run), {@code _initialize} when exported, then the entrypoint. Every
 * way it can end becomes an {@link Outcome}; nothing is thrown.
 */
final class GuestExecution implements Supplier<Outcome> {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final CompiledModule compiled;
    private final ImportValues imports;
    private final RunContext ctx;
    private final String entrypoint;
    private final int capPages;
    private volatile long cpuNanos = -1;

    GuestExecution(CompiledModule compiled, ImportValues imports, RunContext ctx, String entrypoint, int capPages) {
        this.compiled = compiled;
        this.imports = imports;
        this.ctx = ctx;
        this.entrypoint = entrypoint;
        this.capPages = capPages;
    }

    /** CPU time the guest thread spent on this run, or -1 when unknown (not measured or still running). */
    long cpuNanos() {
        return cpuNanos;
    }

    @Override
    public Outcome get() {
        long cpuStart = cpuTime();
        try {
            return execute();
        } finally {
            long cpuEnd = cpuTime();
            cpuNanos = cpuStart < 0 || cpuEnd < 0 ? -1 : cpuEnd - cpuStart;
        }
    }

    private Outcome execute() {
        try {
            Instance.Builder builder = Instance.builder(compiled.module())
                    .withStart(false)
                    .withImportValues(imports)
                    // Interpreted code (interpreter mode, or functions the compiler left to the
                    // interpreter) must also stop on interruption at br_if / br_table.
                    .withUnsafeExecutionListener(InterruptionListener.INSTANCE);
            if (!compiled.interpreted()) {
                builder.withMachineFactory(compiled.machineFactory());
            }
            MemoryLimits declared = compiled.facts().memoryLimits();
            if (declared != null) {
                // Always bounded by the cap: an open-ended limit would let one plugin exhaust the heap
                // and costs a page table sized for 4 GiB on every instantiation.
                int max = Math.min(declared.maximumPages(), capPages);
                builder.withMemoryLimits(new MemoryLimits(declared.initialPages(), max, declared.shared()));
            }
            Instance instance = builder.build();
            ctx.attach(instance.memory());
            if (compiled.facts().exportedFunction(ModuleRules.INITIALIZE) != null) {
                instance.export(ModuleRules.INITIALIZE).apply();
            }
            instance.export(entrypoint).apply();
            return new Outcome.Completed();
        } catch (StackOverflowError e) {
            return new Outcome.Trapped("call stack exhausted");
        } catch (RuntimeException e) {
            return classify(e);
        }
    }

    static Outcome classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HostFunctionFailure f) {
                return new Outcome.HostFailed(f.getMessage());
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
