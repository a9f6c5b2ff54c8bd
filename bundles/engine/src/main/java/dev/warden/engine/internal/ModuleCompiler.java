package dev.warden.engine.internal;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import dev.warden.api.InvalidPluginException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Parses module bytes and, in compiler mode, translates them to JVM bytecode. */
final class ModuleCompiler {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleCompiler.class);

    private ModuleCompiler() {
    }

    static WasmModule parse(byte[] wasm) throws InvalidPluginException {
        if (wasm == null || wasm.length == 0) {
            throw ModuleRules.invalid("module is empty");
        }
        try {
            return Parser.parse(wasm);
        } catch (ChicoryException e) {
            throw ModuleRules.invalid("not a valid Wasm module: " + e.getMessage());
        } catch (RuntimeException | AssertionError e) {
            // Chicory's decoder trusts some invariants of well-formed input (checked only by
            // assertions); corrupt input can break them with any unchecked exception.
            throw ModuleRules.invalid("not a valid Wasm module: " + e);
        }
    }

    /** A check of the decoded module that may refuse it before the expensive translation. */
    @FunctionalInterface
    interface Precheck {
        void check(ModuleFacts facts) throws InvalidPluginException;

        Precheck NONE = facts -> {
        };
    }

    /**
     * Measures the module against the structural limits, decodes it, runs {@code precheck} and, in
     * compiler mode, translates it. Meant to run on a thread of its own that may be abandoned: it
     * gives up between steps once that thread is interrupted.
     */
    static CompiledModule compile(byte[] wasm, ExecutionMode mode, ModuleLimits limits, Precheck precheck)
            throws InvalidPluginException {
        try {
            return compileChecked(wasm, mode, limits, precheck);
        } catch (StackOverflowError e) {
            throw ModuleRules.invalid("module is nested too deeply to compile");
        } catch (OutOfMemoryError e) {
            // The structural limits are meant to prevent this; if they are set too high for the heap,
            // refuse the module rather than let the error reach the caller's thread.
            throw ModuleRules.invalid("module needs more memory to compile than the agent has");
        }
    }

    private static CompiledModule compileChecked(byte[] wasm, ExecutionMode mode, ModuleLimits limits,
            Precheck precheck) throws InvalidPluginException {
        if (wasm == null || wasm.length == 0) {
            throw ModuleRules.invalid("module is empty");
        }
        StructuralCheck.Shape shape = StructuralCheck.check(wasm, limits);
        giveUpIfAbandoned();
        WasmModule module = parse(wasm);
        ModuleFacts facts = ModuleFacts.of(module, shape.dataBytes());
        precheck.check(facts);
        giveUpIfAbandoned();
        Function<Instance, Machine> factory = null;
        if (mode == ExecutionMode.COMPILER) {
            try {
                // Functions too large for the JVM fall back to the interpreter one by one; the
                // interruption listener installed on every instance keeps those stoppable too.
                factory = MachineFactoryCompiler.builder(module)
                        .withInterpreterFallback(InterpreterFallback.SILENT)
                        .compile();
            } catch (ChicoryException | AssertionError e) {
                throw ModuleRules.invalid("module cannot be compiled: " + e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Compiling a module failed, it will be interpreted", e);
            }
        }
        return new CompiledModule(module, facts, factory);
    }

    private static void giveUpIfAbandoned() throws InvalidPluginException {
        if (Thread.currentThread().isInterrupted()) {
            throw ModuleRules.invalid("compilation abandoned");
        }
    }
}
