package dev.warden.capability.udp.internal;

import dev.warden.common.abi.GuestArgs;
import dev.warden.api.egress.Egress;
import dev.warden.api.egress.EgressException;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import java.util.Collections;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code udp_sendto(addr_ptr, addr_len, port, buf_ptr, buf_len, timeout_ms) -> i32}, as in
 * ServiceRadar's agent: sends one datagram through the egress and returns the bytes sent, or
 * {@code -1} bad address, port or buffer, {@code -2} denied, {@code -3} payload over 65,507 bytes
 * (the largest UDP payload over IPv4), {@code -6} timeout, {@code -5} failure. A zero or negative
 * timeout means "the time left in the run".
 */
@Component(service = HostCapability.class)
public final class UdpSendCapability implements HostCapability {

    public static final String NAME = "udp_sendto";

    static final int MAX_DATAGRAM_BYTES = 65_507;

    private final Egress egress;
    private final List<HostFunction> functions;

    @Activate
    public UdpSendCapability(@Reference(name = "egress") Egress egress) {
        this.egress = egress;
        this.functions = List.of(HostFunction.env(NAME, Collections.nCopies(6, ValType.I32), List.of(ValType.I32),
                (ctx, a) -> new long[] {
                    send(ctx, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4], (int) a[5])}));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HostFunction> functions() {
        return functions;
    }

    int send(CallContext ctx, int addrPtr, int addrLen, int port, int bufPtr, int bufLen, int timeoutMs) {
        String host = GuestArgs.address(ctx, addrPtr, addrLen);
        if (host == null || !GuestArgs.validPort(port) || bufLen < 0) {
            return AbiCodes.INVALID;
        }
        if (bufLen > MAX_DATAGRAM_BYTES) {
            return AbiCodes.TOO_LARGE;
        }
        byte[] payload;
        try {
            payload = ctx.read(bufPtr, bufLen);
        } catch (GuestMemoryException e) {
            return AbiCodes.INVALID;
        }
        try {
            return egress.session(ctx).udpSend(host, port, payload, GuestArgs.timeoutMs(ctx, timeoutMs));
        } catch (EgressException e) {
            return EgressCodes.of(e);
        }
    }
}
