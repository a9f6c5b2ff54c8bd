package dev.warden.capability.log.internal;

import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.ValType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code log(level, ptr, len)}: appends one line to the run's log. The function has no result, so
 * a bad pointer cannot be reported; it is dropped rather than trapping, because a diagnostic call
 * should never be what ends a run.
 */
@Component(service = HostCapability.class)
public final class LogCapability implements HostCapability {

    public static final String NAME = "log";

    /**
     * Longest message read from the plugin per call; the run's log cap bounds the total, this
     * bounds the copy a single call can force.
     */
    static final int MAX_MESSAGE_BYTES = 64 * 1024;

    private static final long[] NO_RESULTS = new long[0];

    private static final List<HostFunction> FUNCTIONS = List.of(HostFunction.env(NAME,
            List.of(ValType.I32, ValType.I32, ValType.I32), List.of(), LogCapability::log));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HostFunction> functions() {
        return FUNCTIONS;
    }

    static long[] log(CallContext ctx, long[] args) {
        int ptr = (int) args[1];
        int len = (int) args[2];
        if (len < 0) {
            return NO_RESULTS;
        }
        byte[] bytes;
        try {
            bytes = ctx.read(ptr, Math.min(len, MAX_MESSAGE_BYTES));
        } catch (GuestMemoryException e) {
            return NO_RESULTS;
        }
        // new String(..., UTF_8) substitutes U+FFFD for malformed input instead of failing.
        ctx.log(LogLevel.fromCode((int) args[0]), new String(bytes, StandardCharsets.UTF_8));
        return NO_RESULTS;
    }
}
