package dev.warden.registry.internal;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** CIDR containment for grant checks; literals only, never a name lookup. */
record Cidr(byte[] address, int prefix) {

    static Cidr parse(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        // Only IP literals: InetAddress would resolve anything else through DNS.
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
            return prefix < 0 || prefix > bits ? null : new Cidr(address, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    /** Whether the granted range lies inside the requested one; unparsable text must match exactly. */
    static boolean within(String granted, String requested) {
        Cidr g = parse(granted);
        Cidr r = parse(requested);
        if (g == null || r == null) {
            return granted.trim().equalsIgnoreCase(requested.trim());
        }
        if (g.address.length != r.address.length || g.prefix < r.prefix) {
            return false;
        }
        int bits = r.address.length * 8;
        BigInteger mask = r.prefix == 0 ? BigInteger.ZERO
                : BigInteger.ONE.shiftLeft(r.prefix).subtract(BigInteger.ONE).shiftLeft(bits - r.prefix);
        return new BigInteger(1, g.address).and(mask).equals(new BigInteger(1, r.address).and(mask));
    }
}
