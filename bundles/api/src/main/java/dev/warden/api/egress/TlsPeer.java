package dev.warden.api.egress;

import java.util.List;

/**
 * What a TLS handshake with a peer showed: the negotiated parameters and the certificate chain
 * as sent (leaf first). The handshake completes even when the chain does not verify, so an expired
 * or self-signed certificate can still be inspected; {@code verified} says whether it passed the
 * trust store and host name check, and {@code verificationError} why not.
 */
public record TlsPeer(String protocol, String cipherSuite, List<TlsCertificate> chain, boolean verified,
        String verificationError) {

    public TlsPeer {
        chain = chain == null ? List.of() : List.copyOf(chain);
    }
}
