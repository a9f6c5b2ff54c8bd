package dev.warden.egress.internal;

import java.net.InetAddress;
import java.util.List;

/**
 * Which special-purpose range an address falls in. Everything except {@link #PUBLIC} is denied
 * unless an {@code allowed_networks} entry lies inside the range that matched (so
 * {@code 0.0.0.0/0} unlocks public IPv4 only, {@code 127.0.0.0/8} unlocks loopback, and only a
 * grant of the metadata address itself unlocks {@code 169.254.169.254}).
 */
enum AddressClass {
    PUBLIC("public"),
    LOOPBACK("loopback"),
    UNSPECIFIED("unspecified"),
    PRIVATE("private"),
    CGNAT("cgnat"),
    LINK_LOCAL("link_local"),
    UNIQUE_LOCAL("unique_local"),
    MULTICAST("multicast"),
    RESERVED("reserved"),
    BENCHMARKING("benchmarking"),
    METADATA("metadata");

    private final String ruleName;

    AddressClass(String ruleName) {
        this.ruleName = ruleName;
    }

    /** The denial rule for this class: {@code address:loopback} ... */
    String rule() {
        return "address:" + ruleName;
    }

    /** The class of an address and the prefix length a grant must have at least to unlock it. */
    record Classified(AddressClass type, int requiredPrefix) {
    }

    private record Range(Cidr cidr, AddressClass type) {
    }

    private static final List<Range> V4 = List.of(
            range("169.254.169.254/32", METADATA), // AWS, GCP, Azure, OpenStack ...
            range("100.100.100.200/32", METADATA), // Alibaba Cloud
            range("0.0.0.0/8", UNSPECIFIED),
            range("127.0.0.0/8", LOOPBACK),
            range("10.0.0.0/8", PRIVATE),
            range("172.16.0.0/12", PRIVATE),
            range("192.168.0.0/16", PRIVATE),
            range("100.64.0.0/10", CGNAT),
            range("169.254.0.0/16", LINK_LOCAL),
            range("192.0.0.0/24", RESERVED),
            range("198.18.0.0/15", BENCHMARKING),
            range("224.0.0.0/4", MULTICAST),
            range("240.0.0.0/4", RESERVED));

    private static final List<Range> V6 = List.of(
            range("::/128", UNSPECIFIED),
            range("::1/128", LOOPBACK),
            range("fd00:ec2::254/128", METADATA),
            range("64:ff9b:1::/48", PRIVATE), // local-use NAT64
            range("2001::/32", RESERVED), // Teredo: the client address inside is obfuscated
            range("100::/64", RESERVED), // discard-only
            range("fc00::/7", UNIQUE_LOCAL),
            range("fe80::/10", LINK_LOCAL),
            range("fec0::/10", PRIVATE), // deprecated site-local
            range("ff00::/8", MULTICAST));

    private static final Cidr MAPPED = Cidr.parse("::ffff:0:0/96");
    private static final Cidr COMPATIBLE = Cidr.parse("::/96");
    private static final Cidr NAT64 = Cidr.parse("64:ff9b::/96");
    private static final Cidr SIX_TO_FOUR = Cidr.parse("2002::/16");
    private static final Cidr IETF_RESERVED_V6 = Cidr.parse("::/8");

    private static Range range(String cidr, AddressClass type) {
        return new Range(Cidr.parse(cidr), type);
    }

    static Classified classify(InetAddress address) {
        return classify(address.getAddress());
    }

    static Classified classify(byte[] b) {
        if (b.length == 4) {
            for (Range r : V4) {
                if (r.cidr().contains(b)) {
                    return new Classified(r.type(), r.cidr().prefix());
                }
            }
            return new Classified(PUBLIC, 0);
        }
        for (Range r : V6) {
            if (r.cidr().contains(b)) {
                return new Classified(r.type(), r.cidr().prefix());
            }
        }
        // forms that carry an IPv4 address are judged by that address
        if (MAPPED.contains(b) || NAT64.contains(b)) {
            return embedded(b, 12, 96, false);
        }
        if (COMPATIBLE.contains(b)) {
            return embedded(b, 12, 96, true);
        }
        if (SIX_TO_FOUR.contains(b)) {
            return embedded(b, 2, 16, false);
        }
        if (IETF_RESERVED_V6.contains(b)) {
            return new Classified(RESERVED, 8);
        }
        return new Classified(PUBLIC, 0);
    }

    private static Classified embedded(byte[] b, int offset, int offsetBits, boolean deprecatedForm) {
        byte[] v4 = java.util.Arrays.copyOfRange(b, offset, offset + 4);
        Classified inner = classify(v4);
        if (inner.type() == PUBLIC) {
            // IPv4-compatible addresses are deprecated: nothing public is legitimately reached that way
            return deprecatedForm ? new Classified(RESERVED, 96) : new Classified(PUBLIC, 0);
        }
        return new Classified(inner.type(), offsetBits + inner.requiredPrefix());
    }
}
