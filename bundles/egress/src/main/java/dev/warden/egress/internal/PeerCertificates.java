package dev.warden.egress.internal;

import dev.warden.api.egress.TlsCertificate;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/** A peer's certificates as plain data: names, serial, validity, alternative names, fingerprint. */
final class PeerCertificates {

    /** A chain longer than this is cut: no real server sends more, and the JSON must stay small. */
    static final int MAX_CHAIN = 10;
    /** Likewise for alternative names of one certificate (CDN certificates carry a few hundred). */
    static final int MAX_SANS = 100;

    private PeerCertificates() {
    }

    static List<TlsCertificate> of(Certificate[] chain) {
        List<TlsCertificate> out = new ArrayList<>();
        for (Certificate c : chain) {
            if (out.size() >= MAX_CHAIN) {
                break;
            }
            if (c instanceof X509Certificate x) {
                out.add(of(x));
            }
        }
        return out;
    }

    static TlsCertificate of(X509Certificate c) {
        return new TlsCertificate(c.getSubjectX500Principal().getName(X500Principal.RFC2253),
                c.getIssuerX500Principal().getName(X500Principal.RFC2253), c.getSerialNumber().toString(16),
                c.getNotBefore().toInstant().toString(), c.getNotAfter().toInstant().toString(), alternativeNames(c),
                sha256(c));
    }

    /** As openssl prints them: {@code DNS:name}, {@code IP:address}, {@code email:...}, {@code URI:...}. */
    static List<String> alternativeNames(X509Certificate c) {
        Collection<List<?>> names;
        try {
            names = c.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return List.of();
        }
        if (names == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (List<?> entry : names) {
            if (out.size() >= MAX_SANS || entry.size() < 2 || !(entry.get(1) instanceof String value)) {
                continue;
            }
            String prefix = switch ((Integer) entry.get(0)) {
                case 1 -> "email:";
                case 2 -> "DNS:";
                case 6 -> "URI:";
                case 7 -> "IP:";
                default -> null;
            };
            if (prefix != null) {
                out.add(prefix + value);
            }
        }
        return out;
    }

    static String sha256(X509Certificate c) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            return "";
        }
    }

    /** Encoded size of the chain: what the peer sent, give or take the record framing. */
    static long encodedBytes(Certificate[] chain) {
        long n = 0;
        for (Certificate c : chain) {
            try {
                n += c.getEncoded().length;
            } catch (CertificateEncodingException e) {
                // not counted
            }
        }
        return n;
    }
}
