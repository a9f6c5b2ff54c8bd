package dev.warden.common.grants;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Containment of permission entries, shared by the registry (is a grant within the manifest's
 * request?) and the engine (what does a run get?): a CIDR inside a CIDR, a host or {@code *.suffix}
 * inside a {@code *.suffix} or {@code *}. Only IP literals are parsed, so nothing here asks DNS.
 * Its own package, so a bundle embedding it pulls in nothing else of warden-common.
 */
public final class GrantRanges {

    private GrantRanges() {
    }

    /** Whether network {@code inner} lies inside {@code outer}; text that is not a CIDR must match exactly. */
    public static boolean networkWithin(String inner, String outer) {
        if (inner.trim().equalsIgnoreCase(outer.trim())) {
            return true;
        }
        Range i = Range.parse(inner);
        Range o = Range.parse(outer);
        return i != null && o != null && i.within(o);
    }

    /** Whether domain entry {@code inner} lies inside {@code outer} ({@code *} covers all, {@code *.x} deeper names). */
    public static boolean domainWithin(String inner, String outer) {
        String i = inner.trim().toLowerCase(Locale.ROOT);
        String o = outer.trim().toLowerCase(Locale.ROOT);
        if (i.equals(o) || o.equals("*")) {
            return true;
        }
        if (!o.startsWith("*.") || i.equals("*")) {
            return false;
        }
        String suffix = o.substring(1);
        String name = i.startsWith("*.") ? i.substring(2) : i;
        return name.endsWith(suffix) && name.length() > suffix.length();
    }

    private record Range(byte[] address, int prefix) {

        static Range parse(String text) {
            String t = text.trim();
            int slash = t.indexOf('/');
            String host = slash < 0 ? t : t.substring(0, slash);
            boolean v4 = !host.isEmpty() && host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
            boolean v6 = host.indexOf(':') >= 0
                    && host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':');
            if (!v4 && !v6) {
                return null;
            }
            try {
                byte[] address = InetAddress.getByName(host).getAddress();
                int bits = address.length * 8;
                int prefix = slash < 0 ? bits : Integer.parseInt(t.substring(slash + 1));
                return prefix < 0 || prefix > bits ? null : new Range(address, prefix);
            } catch (UnknownHostException | NumberFormatException e) {
                return null;
            }
        }

        boolean within(Range outer) {
            if (address.length != outer.address.length || prefix < outer.prefix) {
                return false;
            }
            int bits = address.length * 8;
            BigInteger mask = outer.prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(outer.prefix).subtract(BigInteger.ONE).shiftLeft(bits - outer.prefix);
            return new BigInteger(1, address).and(mask).equals(new BigInteger(1, outer.address).and(mask));
        }
    }
}
