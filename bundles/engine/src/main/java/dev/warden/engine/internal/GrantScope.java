package dev.warden.engine.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which of two permission entries is the narrower when one lies within the other: a CIDR inside a
 * CIDR, a host or {@code *.suffix} inside a {@code *.suffix} or {@code *}. The registry accepts a
 * grant that lies within the manifest's request (AssignmentCheck), so the run must keep the
 * granted entry rather than look for the same text in the manifest.
 */
final class GrantScope {

    private GrantScope() {
    }

    /** The narrower of the two networks, or null when they are disjoint (or not both CIDRs and unequal). */
    static String narrowerNetwork(String requested, String granted) {
        if (requested.trim().equalsIgnoreCase(granted.trim())) {
            return granted;
        }
        Range r = Range.parse(requested);
        Range g = Range.parse(granted);
        if (r == null || g == null) {
            return null;
        }
        if (g.within(r)) {
            return granted;
        }
        return r.within(g) ? requested : null;
    }

    /** The narrower of the two domain entries, or null when neither covers the other. */
    static String narrowerDomain(String requested, String granted) {
        if (domainWithin(granted, requested)) {
            return granted;
        }
        return domainWithin(requested, granted) ? requested : null;
    }

    private static boolean domainWithin(String inner, String outer) {
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

    /** An address range; IP literals only, so parsing never asks DNS. */
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
