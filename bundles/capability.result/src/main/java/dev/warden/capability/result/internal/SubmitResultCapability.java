package dev.warden.capability.result.internal;

import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.ValType;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code submit_result(ptr, len) -> i32}: takes the plugin's result JSON. A rejected result is
 * reported twice on purpose: as {@code -1} so the plugin can react, and as a warning in the run's
 * log so the operator sees why when the run ends {@code UNKNOWN} for lack of a result.
 */
@Component(service = HostCapability.class)
public final class SubmitResultCapability implements HostCapability {

    public static final String NAME = "submit_result";

    /** Largest result accepted; a result is a status line with a few metrics, not a data dump. */
    static final int MAX_RESULT_BYTES = 256 * 1024;

    private static final ResultJsonParser PARSER = new ResultJsonParser();

    private static final List<HostFunction> FUNCTIONS = List.of(HostFunction.env(NAME,
            List.of(ValType.I32, ValType.I32), List.of(ValType.I32), SubmitResultCapability::submit));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HostFunction> functions() {
        return FUNCTIONS;
    }

    static long[] submit(CallContext ctx, long[] args) {
        return new long[] {accept(ctx, (int) args[0], (int) args[1])};
    }

    private static int accept(CallContext ctx, int ptr, int len) {
        if (len < 0) {
            return reject(ctx, AbiCodes.INVALID, "negative length " + len);
        }
        if (len > MAX_RESULT_BYTES) {
            return reject(ctx, AbiCodes.TOO_LARGE, len + " bytes exceeds the " + MAX_RESULT_BYTES + " byte limit");
        }
        byte[] json;
        try {
            json = ctx.read(ptr, len);
        } catch (GuestMemoryException e) {
            return reject(ctx, AbiCodes.INVALID, "buffer outside memory");
        }
        try {
            ctx.submitResult(PARSER.parse(withoutTrailingNuls(json)));
            return AbiCodes.OK;
        } catch (ResultJsonParser.InvalidResultException e) {
            return reject(ctx, AbiCodes.INVALID, e.getMessage());
        }
    }

    /** C plugins often pass {@code sizeof} a buffer, so the terminating NULs are not an error. */
    private static byte[] withoutTrailingNuls(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, end);
    }

    private static int reject(CallContext ctx, int code, String reason) {
        ctx.log(LogLevel.WARN, "submit_result rejected: " + reason);
        return code;
    }
}
