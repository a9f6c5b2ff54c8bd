package dev.warden.capability.dns.internal;

import java.util.Optional;

/**
 * The record types {@code dns_lookup} answers, passed by the plugin as their DNS RR type numbers
 * (RFC 1035, RFC 3596, RFC 2782) so that no new constants need inventing.
 */
enum RecordType {

    A(1), NS(2), CNAME(5), PTR(12), MX(15), TXT(16), AAAA(28), SRV(33);

    private final int code;

    RecordType(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    static Optional<RecordType> of(int code) {
        for (RecordType t : values()) {
            if (t.code == code) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
