package dev.warden.capability.tcp.internal;

import dev.warden.common.abi.GuestArgs;
import dev.warden.api.egress.Egress;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.TcpConnection;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import java.util.Arrays;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code tcp_connect} capability, ServiceRadar's four TCP imports over the egress:
 * <ul>
 * <li>{@code tcp_connect(addr_ptr, addr_len, port, timeout_ms) -> i32}: a handle (1, 2, ...) or
 *     {@code -1} bad address/port, {@code -2} denied, {@code -3} connection cap, {@code -6} timeout,
 *     {@code -5} failure;</li>
 * <li>{@code tcp_read(handle, buf_ptr, cap, timeout_ms) -> i32}: bytes read (at most 64 KiB per call),
 *     {@code 0} at end of stream;</li>
 * <li>{@code tcp_write(handle, buf_ptr, len, timeout_ms) -> i32}: bytes written;</li>
 * <li>{@code tcp_close(handle) -> i32}: {@code 0}.</li>
 * </ul>
 * An unknown, closed or finished run's handle answers {@code -7}. A zero or negative timeout means
 * "the time left in the run". Handles live in a per-run {@link HandleTable}, closed when the run ends.
 */
@Component(service = HostCapability.class)
public final class TcpCapability implements HostCapability {

    public static final String NAME = "tcp_connect";

    /** Bounds the host-side buffer of one read; a plugin reads again for more, as with any socket. */
    static final int MAX_READ_BYTES = 64 * 1024;

    private static final List<ValType> I32 = List.of(ValType.I32);
    private static final List<ValType> FOUR_I32 = List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32);

    private final Egress egress;
    private final List<HostFunction> functions;

    @Activate
    public TcpCapability(@Reference(name = "egress") Egress egress) {
        this.egress = egress;
        this.functions = List.of(
                HostFunction.env("tcp_connect", FOUR_I32, I32,
                        (ctx, a) -> result(connect(ctx, (int) a[0], (int) a[1], (int) a[2], (int) a[3]))),
                HostFunction.env("tcp_read", FOUR_I32, I32,
                        (ctx, a) -> result(read(ctx, (int) a[0], (int) a[1], (int) a[2], (int) a[3]))),
                HostFunction.env("tcp_write", FOUR_I32, I32,
                        (ctx, a) -> result(write(ctx, (int) a[0], (int) a[1], (int) a[2], (int) a[3]))),
                HostFunction.env("tcp_close", I32, I32, (ctx, a) -> result(close(ctx, (int) a[0]))));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HostFunction> functions() {
        return functions;
    }

    private static long[] result(int code) {
        return new long[] {code};
    }

    int connect(CallContext ctx, int addrPtr, int addrLen, int port, int timeoutMs) {
        String host = GuestArgs.address(ctx, addrPtr, addrLen);
        if (host == null || !GuestArgs.validPort(port)) {
            return AbiCodes.INVALID;
        }
        HandleTable table = handles(ctx);
        if (table == null) {
            return AbiCodes.INTERNAL; // the run is over; nothing may be opened for it any more
        }
        TcpConnection connection;
        try {
            connection = egress.session(ctx).tcpConnect(host, port, GuestArgs.timeoutMs(ctx, timeoutMs));
        } catch (EgressException e) {
            return EgressCodes.of(e);
        }
        int handle = table.add(connection);
        return handle == HandleTable.NONE ? AbiCodes.TOO_LARGE : handle;
    }

    int read(CallContext ctx, int handle, int bufPtr, int cap, int timeoutMs) {
        TcpConnection connection = lookup(ctx, handle);
        if (connection == null) {
            return AbiCodes.BAD_HANDLE;
        }
        if (cap <= 0) {
            return AbiCodes.INVALID; // 0 would read as end of stream
        }
        int size = Math.min(cap, MAX_READ_BYTES);
        if (!GuestArgs.inGuestMemory(ctx, bufPtr, size)) {
            return AbiCodes.INVALID;
        }
        byte[] buf = new byte[size];
        int n;
        try {
            n = connection.read(buf, GuestArgs.timeoutMs(ctx, timeoutMs));
        } catch (EgressException e) {
            return EgressCodes.of(e);
        }
        if (n <= 0) {
            return 0;
        }
        try {
            ctx.write(bufPtr, n == size ? buf : Arrays.copyOf(buf, n));
        } catch (GuestMemoryException e) {
            return AbiCodes.INVALID;
        }
        return n;
    }

    int write(CallContext ctx, int handle, int bufPtr, int len, int timeoutMs) {
        TcpConnection connection = lookup(ctx, handle);
        if (connection == null) {
            return AbiCodes.BAD_HANDLE;
        }
        if (len < 0) {
            return AbiCodes.INVALID;
        }
        if (len == 0) {
            return 0;
        }
        byte[] data;
        try {
            data = ctx.read(bufPtr, len);
        } catch (GuestMemoryException e) {
            return AbiCodes.INVALID;
        }
        try {
            return connection.write(data, GuestArgs.timeoutMs(ctx, timeoutMs));
        } catch (EgressException e) {
            return EgressCodes.of(e);
        }
    }

    int close(CallContext ctx, int handle) {
        HandleTable table = handles(ctx);
        TcpConnection connection = table == null ? null : table.remove(handle);
        if (connection == null) {
            return AbiCodes.BAD_HANDLE;
        }
        connection.close();
        return AbiCodes.OK;
    }

    private static TcpConnection lookup(CallContext ctx, int handle) {
        HandleTable table = handles(ctx);
        return table == null ? null : table.get(handle);
    }

    /** The run's table, or null once the run has ended (the engine then refuses new resources). */
    private static HandleTable handles(CallContext ctx) {
        try {
            return ctx.resource(HandleTable.class, HandleTable::new);
        } catch (IllegalStateException runEnded) {
            return null;
        }
    }
}
