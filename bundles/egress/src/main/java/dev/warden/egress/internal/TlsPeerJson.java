package dev.warden.egress.internal;

import dev.warden.api.egress.TlsCertificate;
import dev.warden.api.egress.TlsPeer;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The JSON {@code tls_inspect} hands a plugin. Written by hand: the egress bundle carries no JSON
 * library, and the shape is small and fixed.
 *
 * <pre>{"protocol","cipher_suite","verified","verification_error",
 *  "chain":[{"subject","issuer","serial","not_before","not_after","days_left","san":[...],"sha256"}]}</pre>
 *
 * {@code days_left} is whole days from {@code now} to {@code not_after}, rounded down: 0 on the
 * last day, negative once expired.
 */
final class TlsPeerJson {

    private TlsPeerJson() {
    }

    static String write(TlsPeer peer, Instant now) {
        StringBuilder b = new StringBuilder(512);
        b.append("{\"protocol\":");
        string(b, peer.protocol());
        b.append(",\"cipher_suite\":");
        string(b, peer.cipherSuite());
        b.append(",\"verified\":").append(peer.verified());
        b.append(",\"verification_error\":");
        string(b, peer.verificationError());
        b.append(",\"chain\":[");
        List<TlsCertificate> chain = peer.chain();
        for (int i = 0; i < chain.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            certificate(b, chain.get(i), now);
        }
        return b.append("]}").toString();
    }

    private static void certificate(StringBuilder b, TlsCertificate c, Instant now) {
        b.append("{\"subject\":");
        string(b, c.subject());
        b.append(",\"issuer\":");
        string(b, c.issuer());
        b.append(",\"serial\":");
        string(b, c.serialNumber());
        b.append(",\"not_before\":");
        string(b, c.notBefore());
        b.append(",\"not_after\":");
        string(b, c.notAfter());
        b.append(",\"days_left\":");
        Long days = daysLeft(c.notAfter(), now);
        b.append(days == null ? "null" : days.toString());
        b.append(",\"san\":[");
        List<String> sans = c.subjectAltNames();
        for (int i = 0; i < sans.size(); i++) {
            if (i > 0) {
                b.append(',');
            }
            string(b, sans.get(i));
        }
        b.append("],\"sha256\":");
        string(b, c.sha256());
        b.append('}');
    }

    static Long daysLeft(String notAfter, Instant now) {
        if (notAfter == null) {
            return null;
        }
        try {
            return Math.floorDiv(Duration.between(now, Instant.parse(notAfter)).getSeconds(), 86_400L);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static void string(StringBuilder b, String s) {
        if (s == null) {
            b.append("null");
            return;
        }
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
    }

    /** A lone surrogate would not survive UTF-8 encoding; escaping keeps the output valid JSON text. */
    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
