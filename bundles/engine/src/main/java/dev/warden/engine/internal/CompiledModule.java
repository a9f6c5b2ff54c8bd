package dev.warden.engine.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.util.function.Function;

/**
 * A parsed, validated and (in compiler mode) translated module, shared by every run of the same
 * bytes. Instances are never shared: each run builds its own from this.
 *
 * @param machineFactory the compiled code, or null to interpret
 */
record CompiledModule(WasmModule module, ModuleFacts facts, Function<Instance, Machine> machineFactory) {

    boolean interpreted() {
        return machineFactory == null;
    }
}
