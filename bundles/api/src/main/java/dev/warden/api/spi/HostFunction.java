package dev.warden.api.spi;

import java.util.List;

/** One import a capability satisfies: module + name, its Wasm signature, and the handler. */
public record HostFunction(String module, String name, List<ValType> params, List<ValType> results,
        HostHandler handler) {

    public static final String ENV = "env";

    public HostFunction {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    /** A function in module {@code env}. */
    public static HostFunction env(String name, List<ValType> params, List<ValType> results, HostHandler handler) {
        return new HostFunction(ENV, name, params, results, handler);
    }
}
