package dev.warden.registry.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ed25519 public keys an operator trusts, from {@code trusted_keys} entries {@code key_id=base64}
 * where the base64 is the raw 32-byte key or its X.509 SubjectPublicKeyInfo DER. A malformed entry
 * is logged and skipped: one typo must not leave the agent trusting nothing it was told to.
 */
final class TrustedKeys {

    private static final Logger LOG = LoggerFactory.getLogger(TrustedKeys.class);
    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410) before the 32 key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03,
        0x21, 0x00};
    private static final int RAW_KEY_BYTES = 32;

    private final Map<String, PublicKey> keys;

    private TrustedKeys(Map<String, PublicKey> keys) {
        this.keys = Map.copyOf(keys);
    }

    static TrustedKeys parse(String[] entries) {
        Map<String, PublicKey> keys = new HashMap<>();
        for (String entry : entries == null ? new String[0] : entries) {
            if (entry == null || entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String keyId = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (keyId.isEmpty()) {
                LOG.warn("Ignoring trusted_keys entry without key_id= prefix");
                continue;
            }
            try {
                keys.put(keyId, publicKey(entry.substring(eq + 1).trim()));
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                LOG.warn("Ignoring trusted key {}: not an Ed25519 public key ({})", keyId, e.getMessage());
            }
        }
        return new TrustedKeys(keys);
    }

    static PublicKey publicKey(String base64) throws GeneralSecurityException {
        byte[] bytes = Base64.getDecoder().decode(base64);
        if (bytes.length == RAW_KEY_BYTES) {
            byte[] der = new byte[ED25519_SPKI_PREFIX.length + RAW_KEY_BYTES];
            System.arraycopy(ED25519_SPKI_PREFIX, 0, der, 0, ED25519_SPKI_PREFIX.length);
            System.arraycopy(bytes, 0, der, ED25519_SPKI_PREFIX.length, RAW_KEY_BYTES);
            bytes = der;
        }
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(bytes));
    }

    Optional<PublicKey> get(String keyId) {
        return Optional.ofNullable(keys.get(keyId));
    }

    int size() {
        return keys.size();
    }
}
