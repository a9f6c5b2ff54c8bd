package dev.warden.api.egress;

import java.util.List;

/**
 * One certificate of a peer's chain.
 *
 * @param notBefore ISO-8601 instant
 * @param notAfter ISO-8601 instant
 * @param sha256 hex fingerprint of the DER encoding
 */
public record TlsCertificate(String subject, String issuer, String serialNumber, String notBefore, String notAfter,
        List<String> subjectAltNames, String sha256) {

    public TlsCertificate {
        subjectAltNames = subjectAltNames == null ? List.of() : List.copyOf(subjectAltNames);
    }
}
