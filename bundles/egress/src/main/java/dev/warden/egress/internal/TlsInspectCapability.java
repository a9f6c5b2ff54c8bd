package dev.warden.egress.internal;

import dev.warden.api.egress.Egress;
import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.TlsPeer;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code tls_inspect} capability:
 * {@code tls_inspect(host_ptr, host_len, port, out_ptr, out_cap) -> i32}.
 *
 * <p>Connects to {@code host:port} under the egress policy (the port must be listed in
 * {@code allowed_ports}), completes a TLS handshake with the host as SNI (names only), sends no
 * application data, and writes the peer as JSON (see {@link TlsPeerJson}) into
 * {@code out_ptr}; returns the byte count. {@code -1} bad host, port or buffer, {@code -3} the
 * JSON is longer than {@code out_cap} (nothing written), otherwise the egress code ({@code -2}
 * denied, {@code -6} timeout, {@code -5} not TLS or failed). The time is the egress default,
 * capped by the run. A failed verification is not an error: {@code verified} says it.
 *
 * <p>Lives in the egress bundle because TLS inspection is an egress call like any other; it
 * reaches the session through the {@link Egress} service all the same.
 */
@Component(service = HostCapability.class)
public final class TlsInspectCapability implements HostCapability {

    public static final String NAME = "tls_inspect";

    /** Longer than any host name (253) or IPv6 literal; bounds the copy. */
    static final int MAX_HOST_BYTES = 1024;

    private static final List<ValType> FIVE_I32 = List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32,
            ValType.I32);

    private final Egress egress;
    private final Clock clock;
    private final List<HostFunction> functions;

    @Activate
    public TlsInspectCapability(@Reference(name = "egress") Egress egress) {
        this(egress, Clock.systemUTC());
    }

    TlsInspectCapability(Egress egress, Clock clock) {
        this.egress = egress;
        this.clock = clock;
        this.functions = List.of(HostFunction.env(NAME, FIVE_I32, List.of(ValType.I32),
                (ctx, a) -> new long[] {inspect(ctx, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4])}));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HostFunction> functions() {
        return functions;
    }

    int inspect(CallContext ctx, int hostPtr, int hostLen, int port, int outPtr, int outCap) {
        String host = host(ctx, hostPtr, hostLen);
        if (host == null || port < 1 || port > 65535 || !inGuestMemory(ctx, outPtr, outCap)) {
            return AbiCodes.INVALID;
        }
        TlsPeer peer;
        try {
            peer = egress.session(ctx).tlsInspect(host, port, null, 0);
        } catch (EgressException e) {
            return abiCode(e);
        } catch (IllegalStateException runEnded) {
            return AbiCodes.INTERNAL;
        }
        byte[] json = TlsPeerJson.write(peer, clock.instant()).getBytes(StandardCharsets.UTF_8);
        if (json.length > outCap) {
            return AbiCodes.TOO_LARGE;
        }
        try {
            ctx.write(outPtr, json);
        } catch (GuestMemoryException e) {
            return AbiCodes.INVALID;
        }
        return json.length;
    }

    /** The egress's own code when it is one of the ABI's error codes, otherwise {@code -5}. */
    static int abiCode(EgressException e) {
        int code = e.abiCode();
        return code <= AbiCodes.INVALID && code >= AbiCodes.BAD_HANDLE ? code : AbiCodes.INTERNAL;
    }

    /** The UTF-8 host at {@code ptr}, trimmed as ServiceRadar's agent does, or null when unusable. */
    private static String host(CallContext ctx, int ptr, int len) {
        if (len <= 0 || len > MAX_HOST_BYTES) {
            return null;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(ctx.read(ptr, len)))
                    .toString().strip();
            return text.isEmpty() ? null : text;
        } catch (GuestMemoryException | CharacterCodingException e) {
            return null;
        }
    }

    /** The whole output buffer must lie in guest memory, checked before any network call. */
    private static boolean inGuestMemory(CallContext ctx, int ptr, int len) {
        if (ptr < 0 || len <= 0 || (long) ptr + len > Integer.MAX_VALUE) {
            return false;
        }
        try {
            ctx.read(ptr + len - 1, 1);
            return true;
        } catch (GuestMemoryException e) {
            return false;
        }
    }
}
