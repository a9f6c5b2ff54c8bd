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
        } catch (ChicoryException | IllegalArgumentException | IndexOutOfBoundsException e) {
            throw ModuleRules.invalid("not a valid Wasm module: " + e.getMessage());
        }
    }

    static CompiledModule compile(byte[] wasm, ExecutionMode mode) throws InvalidPluginException {
        WasmModule module = parse(wasm);
        ModuleFacts facts = ModuleFacts.of(module);
        Function<Instance, Machine> factory = null;
        if (mode == ExecutionMode.COMPILER) {
            try {
                // Functions too large for the JVM fall back to the interpreter one by one; the
                // interruption listener installed on every instance keeps those stoppable too.
                factory = MachineFactoryCompiler.builder(module)
                        .withInterpreterFallback(InterpreterFallback.SILENT)
                        .compile();
            } catch (ChicoryException e) {
                throw ModuleRules.invalid("module cannot be compiled: " + e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Compiling a module failed, it will be interpreted", e);
            }
        }
        return new CompiledModule(module, facts, factory);
    }
}
