package dev.warden.common.abi;

import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reading and checking the plain arguments plugins pass to network host functions: host names,
 * ports, timeouts, buffers. Its own package, so a capability embedding it pulls in nothing else.
 */
public final class GuestArgs {

    /** Longer than any host name (253) or IPv6 literal with a zone; bounds the copy. */
    public static final int MAX_ADDRESS_BYTES = 1024;

    private GuestArgs() {
    }

    /** The host name or IP literal at {@code ptr}, or null when it is not usable (so {@code -1}). */
    public static String address(CallContext ctx, int ptr, int len) {
        if (len <= 0 || len > MAX_ADDRESS_BYTES) {
            return null;
        }
        byte[] bytes;
        try {
            bytes = ctx.read(ptr, len);
        } catch (GuestMemoryException e) {
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        text = text.strip(); // as ServiceRadar's agent does; the policy then judges what is left
        return text.isEmpty() ? null : text;
    }

    public static boolean validPort(int port) {
        return port >= 1 && port <= 65535;
    }

    /** The plugin's timeout, or the time left in the run when it gave none; never more than that. */
    public static long timeoutMs(CallContext ctx, int requested) {
        long left = ctx.remainingMillis();
        return requested > 0 ? Math.min(requested, left) : left;
    }

    /**
     * Whether {@code len} bytes at {@code ptr} lie inside guest memory, checked before anything is
     * consumed from the network so that a bad buffer cannot swallow received bytes. Memory is one
     * range from 0, so checking the last byte is enough.
     */
    public static boolean inGuestMemory(CallContext ctx, int ptr, int len) {
        if (ptr < 0 || len < 0 || (long) ptr + len > Integer.MAX_VALUE) {
            return false;
        }
        if (len == 0) {
            return true;
        }
        try {
            ctx.read(ptr + len - 1, 1);
            return true;
        } catch (GuestMemoryException e) {
            return false;
        }
    }
}
