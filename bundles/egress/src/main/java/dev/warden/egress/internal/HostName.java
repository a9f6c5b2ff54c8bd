package dev.warden.egress.internal;

import dev.warden.api.egress.EgressException;
import dev.warden.api.spi.AbiCodes;
import java.net.IDN;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A host as a plugin wrote it, reduced to one canonical form: a lower-case ASCII DNS name without
 * the trailing dot, or an IP literal. Every spelling an IP stack would accept as an address
 * ({@code 127.1}, {@code 2130706433}, {@code 0x7f.1}, {@code 0177.0.0.1}, {@code [::ffff:127.0.0.1]})
 * becomes a literal here, so it is judged by {@code allowed_networks} and never sent to DNS.
 */
final class HostName {

    static final String RULE = "host";

    private static final Pattern NUMERIC_PART = Pattern.compile("0[xX][0-9a-fA-F]*|[0-9]+");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_UNDERSCORE = Pattern.compile("[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?");

    private final String name;
    private final InetAddress literal;

    private HostName(String name, InetAddress literal) {
        this.name = name;
        this.literal = literal;
    }

    /** The canonical name, or the literal's address text. */
    String name() {
        return name;
    }

    /** The address of an IP literal, or null for a DNS name. */
    InetAddress literal() {
        return literal;
    }

    boolean isLiteral() {
        return literal != null;
    }

    /** The host as it goes into a URI: IPv6 literals bracketed. */
    String uriHost() {
        return literal instanceof Inet6Address ? "[" + name + "]" : name;
    }

    @Override
    public String toString() {
        return uriHost();
    }

    /**
     * @param allowUnderscore DNS queries may name {@code _service._proto} records; hosts to connect to may not
     */
    static HostName parse(String raw, boolean allowUnderscore) throws EgressException {
        if (raw == null || raw.isEmpty()) {
            throw denied("empty host");
        }
        if (raw.length() > 1024) {
            throw denied("host too long");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c <= 0x20 || c == 0x7f) {
                throw denied("control character or space in host");
            }
        }
        if (raw.indexOf('@') >= 0) {
            throw new EgressException(AbiCodes.DENIED, "userinfo", "user info is not allowed in a host");
        }
        if (raw.indexOf('%') >= 0) {
            // percent-encoded hosts and IPv6 zone ids are both refused
            throw denied("percent sign in host");
        }
        if (raw.indexOf(':') >= 0 || raw.startsWith("[")) {
            return ipv6(raw);
        }
        String ascii = raw;
        if (!isAscii(raw)) {
            try {
                ascii = IDN.toASCII(raw, IDN.USE_STD3_ASCII_RULES);
            } catch (IllegalArgumentException e) {
                throw denied("not a valid internationalised name");
            }
        }
        ascii = ascii.toLowerCase(Locale.ROOT);
        if (ascii.endsWith(".")) {
            ascii = ascii.substring(0, ascii.length() - 1);
        }
        if (ascii.isEmpty()) {
            throw denied("empty host");
        }
        String[] labels = ascii.split("\\.", -1);
        if (NUMERIC_PART.matcher(labels[labels.length - 1]).matches()) {
            // a name ending in a number is an IPv4 address to every parser that matters, or nothing
            byte[] v4 = inetAton(labels);
            if (v4 == null) {
                throw denied("malformed IPv4 address");
            }
            return literal(v4);
        }
        if (ascii.length() > 253) {
            throw denied("name too long");
        }
        Pattern label = allowUnderscore ? LABEL_UNDERSCORE : LABEL;
        for (String l : labels) {
            if (!label.matcher(l).matches()) {
                throw denied("not a valid host name");
            }
        }
        return new HostName(ascii, null);
    }

    private static HostName ipv6(String raw) throws EgressException {
        String inner = raw;
        if (raw.startsWith("[")) {
            if (!raw.endsWith("]")) {
                throw denied("malformed IPv6 literal");
            }
            inner = raw.substring(1, raw.length() - 1);
        }
        if (inner.indexOf(':') < 0 || !inner.matches("[0-9A-Fa-f:.]+")) {
            throw denied("malformed IPv6 literal");
        }
        try {
            // with a colon in it the JDK parses a literal or fails; it never asks DNS
            InetAddress a = InetAddress.getByName(inner);
            return new HostName(a.getHostAddress(), a);
        } catch (UnknownHostException e) {
            throw denied("malformed IPv6 literal");
        }
    }

    /** inet_aton: 1 to 4 parts, each decimal, octal (leading 0) or hex (0x); the last fills the rest. */
    static byte[] inetAton(String[] parts) {
        if (parts.length < 1 || parts.length > 4) {
            return null;
        }
        long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Long v = number(parts[i]);
            if (v == null) {
                return null;
            }
            values[i] = v;
        }
        long result = 0;
        for (int i = 0; i < parts.length - 1; i++) {
            if (values[i] > 255) {
                return null;
            }
            result |= values[i] << (8 * (3 - i));
        }
        long last = values[parts.length - 1];
        int lastBytes = 5 - parts.length;
        if (last >= (1L << (8 * lastBytes))) {
            return null;
        }
        result |= last;
        return new byte[] {(byte) (result >>> 24), (byte) (result >>> 16), (byte) (result >>> 8), (byte) result};
    }

    private static Long number(String part) {
        if (part.isEmpty() || part.length() > 40) {
            return null;
        }
        String digits;
        int radix;
        if (part.startsWith("0x") || part.startsWith("0X")) {
            digits = part.substring(2);
            radix = 16;
        } else if (part.length() > 1 && part.startsWith("0")) {
            digits = part.substring(1);
            radix = 8;
        } else {
            digits = part;
            radix = 10;
        }
        if (digits.isEmpty()) {
            return 0L;
        }
        String trimmed = digits.replaceFirst("^0+(?=.)", "");
        if (trimmed.length() > 11) {
            return null;
        }
        try {
            return Long.parseLong(trimmed, radix);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static HostName literal(byte[] v4) throws EgressException {
        try {
            InetAddress a = InetAddress.getByAddress(v4);
            return new HostName(a.getHostAddress(), a);
        } catch (UnknownHostException e) {
            throw denied("malformed IPv4 address");
        }
    }

    static HostName of(InetAddress address) {
        return new HostName(address.getHostAddress(), address);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0x7e) {
                return false;
            }
        }
        return true;
    }

    private static EgressException denied(String message) {
        return new EgressException(AbiCodes.DENIED, RULE, message);
    }
}
