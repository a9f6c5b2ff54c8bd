package dev.warden.egress.internal;

import java.net.InetAddress;
import java.util.Arrays;

/** An address range written {@code address/prefix} (a bare address is a single-host range). */
final class Cidr {

    private final byte[] network;
    private final int prefix;

    private Cidr(byte[] network, int prefix) {
        this.network = mask(network, prefix);
        this.prefix = prefix;
    }

    static Cidr of(byte[] address, int prefix) {
        if (prefix < 0 || prefix > address.length * 8) {
            throw new IllegalArgumentException("prefix out of range: " + prefix);
        }
        return new Cidr(address.clone(), prefix);
    }

    /**
     * Parses {@code 10.0.0.0/8}, {@code fd00::/8}, {@code 127.0.0.1}. IPv4 must be dotted decimal
     * here (an operator's grant, not a plugin's trick), IPv6 any form the JDK accepts.
     */
    static Cidr parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty network");
        }
        String s = text.trim();
        int slash = s.indexOf('/');
        String addressText = slash < 0 ? s : s.substring(0, slash);
        byte[] address = parseAddress(addressText);
        int prefix = address.length * 8;
        if (slash >= 0) {
            String p = s.substring(slash + 1);
            if (!p.matches("[0-9]{1,3}")) {
                throw new IllegalArgumentException("bad prefix in " + text);
            }
            prefix = Integer.parseInt(p);
        }
        return of(address, prefix);
    }

    private static byte[] parseAddress(String text) {
        if (text.contains(":")) {
            String inner = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
            if (!inner.matches("[0-9A-Fa-f:.]+")) {
                throw new IllegalArgumentException("bad IPv6 network " + text);
            }
            try {
                // a colon makes the JDK parse a literal and never ask DNS
                InetAddress a = InetAddress.getByName(inner);
                byte[] b = a.getAddress();
                return b.length == 4 ? mappedV6(b) : b;
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("bad IPv6 network " + text, e);
            }
        }
        if (!text.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")) {
            throw new IllegalArgumentException("bad IPv4 network " + text);
        }
        String[] parts = text.split("\\.");
        byte[] b = new byte[4];
        for (int i = 0; i < 4; i++) {
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                throw new IllegalArgumentException("bad IPv4 network " + text);
            }
            b[i] = (byte) v;
        }
        return b;
    }

    /** The JDK turns {@code ::ffff:a.b.c.d} into IPv4; a network written that way stays IPv6. */
    private static byte[] mappedV6(byte[] v4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(v4, 0, b, 12, 4);
        return b;
    }

    int prefix() {
        return prefix;
    }

    boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    boolean contains(byte[] address) {
        return address.length == network.length && Arrays.equals(mask(address, prefix), network);
    }

    private static byte[] mask(byte[] address, int prefix) {
        byte[] out = address.clone();
        for (int i = 0; i < out.length; i++) {
            int bits = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] = (byte) (out[i] & (0xff << (8 - bits)));
        }
        return out;
    }

    @Override
    public String toString() {
        try {
            return InetAddress.getByAddress(network).getHostAddress() + "/" + prefix;
        } catch (java.net.UnknownHostException e) {
            return Arrays.toString(network) + "/" + prefix;
        }
    }
}
