package dev.warden.engine.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostHandler;

/** Turns the API's host functions into Chicory imports bound to one run. */
final class HostFunctionAdapter {

    private static final long[] NO_RESULTS = null;

    private HostFunctionAdapter() {
    }

    /** The capability's real handler, counted, with its errors mapped to ABI codes, traps or a failed run. */
    static ImportFunction linked(ModuleFacts.FunctionImportFact imp, HostHandler handler, RunContext ctx) {
        FunctionType type = imp.type();
        String qname = imp.qualifiedName();
        boolean statusResult = HostFunctionTypes.returnsSingleI32(type);
        int resultCount = type.returns().size();
        return new HostFunction(imp.module(), imp.name(), type, (instance, args) -> {
            ctx.enter(instance.memory());
            long[] out;
            try {
                out = handler.call(ctx, args);
            } catch (GuestMemoryException e) {
                if (statusResult) {
                    return new long[] {AbiCodes.INVALID};
                }
                throw new TrapException("host function " + qname + ": " + e.getMessage());
            } catch (VirtualMachineError e) {
                throw e;
            } catch (RuntimeException | Error e) {
                throw new HostFunctionFailure(qname, e);
            }
            ctx.leave();
            if (resultCount == 0) {
                return NO_RESULTS;
            }
            if (out == null || out.length != resultCount) {
                throw new HostFunctionFailure(qname, new IllegalStateException("returned "
                        + (out == null ? "nothing" : out.length + " values") + " where " + resultCount + " were expected"));
            }
            return out;
        });
    }

    /**
     * What a plugin gets for a capability it was not granted: the denied code for status-returning
     * functions, nothing for functions without results, zeros otherwise. Still counted as a host call.
     */
    static ImportFunction denied(ModuleFacts.FunctionImportFact imp, RunContext ctx) {
        FunctionType type = imp.type();
        int resultCount = type.returns().size();
        long[] answer = new long[resultCount];
        if (HostFunctionTypes.returnsSingleI32(type)) {
            answer[0] = AbiCodes.DENIED;
        }
        return new HostFunction(imp.module(), imp.name(), type, (instance, args) -> {
            ctx.enter(instance.memory());
            ctx.leave();
            return resultCount == 0 ? NO_RESULTS : answer.clone();
        });
    }

    /** A WASI function from Chicory, counted like any other host call. */
    static ImportFunction counted(ImportFunction wasi, RunContext ctx) {
        var handle = wasi.handle();
        return new HostFunction(wasi.module(), wasi.name(), wasi.functionType(), (instance, args) -> {
            ctx.enter(instance.memory());
            long[] out = handle.apply(instance, args);
            ctx.leave();
            return out;
        });
    }
}
