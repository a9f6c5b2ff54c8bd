package dev.warden.engine.internal;

import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Translates the API's value types to Chicory's and prints signatures for messages. */
final class HostFunctionTypes {

    static final String ENV = dev.warden.api.spi.HostFunction.ENV;

    private HostFunctionTypes() {
    }

    static FunctionType of(dev.warden.api.spi.HostFunction f) {
        return FunctionType.of(convert(f.params()), convert(f.results()));
    }

    private static List<ValType> convert(List<dev.warden.api.spi.ValType> types) {
        List<ValType> out = new ArrayList<>(types.size());
        for (var t : types) {
            out.add(switch (t) {
                case I32 -> ValType.I32;
                case I64 -> ValType.I64;
                case F32 -> ValType.F32;
                case F64 -> ValType.F64;
            });
        }
        return out;
    }

    /** True when the function returns exactly one i32, the shape of every ABI status code. */
    static boolean returnsSingleI32(FunctionType type) {
        return type.returns().size() == 1 && type.returns().get(0).equals(ValType.I32);
    }

    static String describe(FunctionType type) {
        return "(" + names(type.params()) + ") -> (" + names(type.returns()) + ")";
    }

    private static String names(List<ValType> types) {
        return types.stream().map(t -> t.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }
}
