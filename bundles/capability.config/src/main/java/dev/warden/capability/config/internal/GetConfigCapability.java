package dev.warden.capability.config.internal;

import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * {@code get_config(ptr, cap) -> i32}: copies the assignment params JSON into the plugin's buffer.
 * The whole document or nothing: a plugin that gets {@code -3} retries with a bigger buffer, so a
 * truncated (and unparseable) copy would only hide the real problem.
 */
@Component(service = HostCapability.class)
public final class GetConfigCapability implements HostCapability {

    public static final String NAME = "get_config";

    private static final List<HostFunction> FUNCTIONS = List.of(HostFunction.env(NAME,
            List.of(ValType.I32, ValType.I32), List.of(ValType.I32), GetConfigCapability::getConfig));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HostFunction> functions() {
        return FUNCTIONS;
    }

    static long[] getConfig(CallContext ctx, long[] args) {
        return new long[] {copyParams(ctx, (int) args[0], (int) args[1])};
    }

    private static int copyParams(CallContext ctx, int ptr, int cap) {
        if (cap < 0) {
            return AbiCodes.INVALID;
        }
        byte[] json = ctx.params().getBytes(StandardCharsets.UTF_8);
        if (json.length > cap) {
            return AbiCodes.TOO_LARGE;
        }
        try {
            ctx.write(ptr, json);
        } catch (GuestMemoryException e) {
            return AbiCodes.INVALID;
        }
        return json.length;
    }
}
