package dev.warden.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.InvalidPluginException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether a package's signature is good enough for where it came from. Uploads and packages
 * fetched from the fleet must be signed by a trusted key while {@code require_signature} is on;
 * packages an operator placed on disk or in a bundle are trusted by placement, but a signature they carry must still verify when
 * its key is known (a broken signature means tampering, not absence).
 */
final class SignaturePolicy {

    static final String ORIGIN_UPLOAD = "upload";
    /** Fetched from the fleet's package store: anyone with write access to the store could have put it there. */
    static final String ORIGIN_FLEET = "fleet";

    private static final Logger LOG = LoggerFactory.getLogger(SignaturePolicy.class);

    private final TrustedKeys keys;
    private final boolean requireSignature;

    SignaturePolicy(TrustedKeys keys, boolean requireSignature) {
        this.keys = keys;
        this.requireSignature = requireSignature;
    }

    /**
     * Checks the signature of a package.
     *
     * @return the key id of the verified signature, or null when the package counts as unsigned
     */
    String check(PackageContents contents, JsonNode manifestTree, String origin) throws InvalidPluginException {
        boolean strict = requireSignature && (ORIGIN_UPLOAD.equals(origin) || ORIGIN_FLEET.equals(origin));
        if (contents.signature() == null) {
            if (strict) {
                throw new InvalidPluginException("signature_required", PackageContents.SIGNATURE,
                        (ORIGIN_FLEET.equals(origin) ? "fleet packages" : "uploads")
                                + " must be signed by a trusted key (signature.json is missing)");
            }
            return null;
        }
        PackageSignature signature = PackageSignature.parse(contents.signature());
        Optional<PublicKey> key = keys.get(signature.keyId());
        if (key.isEmpty()) {
            if (strict) {
                throw new InvalidPluginException("untrusted_key", PackageContents.SIGNATURE,
                        "signature key " + signature.keyId() + " is not a trusted key");
            }
            LOG.warn("Package signed by unknown key {} from {}: accepted as unsigned", signature.keyId(), origin);
            return null;
        }
        if (!verifies(key.get(), SignedContent.bytes(contents.wasm(), manifestTree), signature.signature())) {
            throw new InvalidPluginException("bad_signature", PackageContents.SIGNATURE,
                    "signature by " + signature.keyId() + " does not match the package content");
        }
        return signature.keyId();
    }

    private static boolean verifies(PublicKey key, byte[] content, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(content);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }
}
