package dev.warden.capability.http.internal;

import dev.warden.api.egress.Egress;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.HttpExchange;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.ValType;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code http_request(req_ptr, req_len, resp_ptr, resp_cap) -> i32}, byte-compatible with
 * ServiceRadar's agent: reads the request JSON, has the egress carry it out under the run's
 * grants, and writes the whole response or nothing. Returns the byte count written, {@code -1}
 * for an unreadable request or buffer, {@code -3} when the response does not fit {@code resp_cap}
 * (the plugin may retry with a bigger buffer) or the request exceeds 2 MiB, and the egress's code
 * otherwise ({@code -2} denied, {@code -3} over a cap, {@code -6} timeout, {@code -5} failure).
 * Without an {@link Egress} this component is not registered, so runs report the capability missing.
 */
@Component(service = HostCapability.class)
public final class HttpRequestCapability implements HostCapability {

    public static final String NAME = "http_request";

    /** Bounds the copy out of guest memory before anything is parsed (ServiceRadar's limit). */
    static final int MAX_REQUEST_BYTES = 2 * 1024 * 1024;

    private static final List<ValType> FOUR_I32 = List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32);

    private final Egress egress;
    private final List<HostFunction> functions;

    @Activate
    public HttpRequestCapability(@Reference(name = "egress") Egress egress) {
        this.egress = egress;
        this.functions = List.of(HostFunction.env(NAME, FOUR_I32, List.of(ValType.I32), this::httpRequest));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HostFunction> functions() {
        return functions;
    }

    private long[] httpRequest(CallContext ctx, long[] args) {
        return new long[] {call(ctx, (int) args[0], (int) args[1], (int) args[2], (int) args[3])};
    }

    int call(CallContext ctx, int reqPtr, int reqLen, int respPtr, int respCap) {
        if (reqLen < 0 || respCap < 0) {
            return AbiCodes.INVALID;
        }
        if (reqLen > MAX_REQUEST_BYTES) {
            return AbiCodes.TOO_LARGE;
        }
        PluginHttpRequest request;
        try {
            request = PluginHttpRequest.parse(ctx.read(reqPtr, reqLen));
        } catch (GuestMemoryException e) {
            return AbiCodes.INVALID;
        } catch (InvalidRequestException e) {
            ctx.log(LogLevel.WARN, NAME + ": " + e.getMessage());
            return AbiCodes.INVALID;
        }
        HttpExchange exchange;
        try {
            exchange = egress.session(ctx).http(request.toCall(ctx.remainingMillis()));
        } catch (EgressException e) {
            return EgressCodes.of(e);
        }
        byte[] answer = ResponseEncoder.encode(exchange, request.responseMode());
        if (answer.length > respCap) {
            ctx.log(LogLevel.WARN, NAME + ": the response of " + answer.length + " bytes does not fit resp_cap "
                    + respCap);
            return AbiCodes.TOO_LARGE;
        }
        try {
            ctx.write(respPtr, answer);
        } catch (GuestMemoryException e) {
            return AbiCodes.INVALID;
        }
        return answer.length;
    }
}
