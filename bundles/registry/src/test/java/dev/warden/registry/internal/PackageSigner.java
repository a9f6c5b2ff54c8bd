package dev.warden.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.common.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Signs packages the way a publisher's tool does, independently of the registry's own code path:
 * Ed25519 over the UTF-8 of {@code {"content_hash":"<sha256 hex of plugin.wasm>","manifest":<plugin.yaml
 * as JSON>}} in canonical form, put into {@code signature.json}. Ed25519 is deterministic, so the
 * committed corpus regenerates byte for byte.
 */
final class PackageSigner {

    /** A key the test registries trust, as it appears in {@code trusted_keys}. */
    static final String TRUSTED_KEY_ID = "test-key";
    static final String TRUSTED_PUBLIC = "MCowBQYDK2VwAyEAFh4h6A9GI23pC8CarIEZ5ZUBr3mLrKa5Eq720jBrIV0=";
    static final String TRUSTED_PRIVATE = "MC4CAQAwBQYDK2VwBCIEICNi0JKhCgt1oAucci+Hn8JFoZVBBw1ELs+9aYTiM13C";
    /** A key nobody trusts. */
    static final String OTHER_KEY_ID = "other-key";
    static final String OTHER_PUBLIC = "MCowBQYDK2VwAyEAshO5sdaCee29Tb1TU9JS6o221/fSsW5oCIfpEyNJm/E=";
    static final String OTHER_PRIVATE = "MC4CAQAwBQYDK2VwBCIEIAoHKkA4FzL8XunC71eCy2Jo25Fo63uGGC4ZB+WTzgtu";

    private PackageSigner() {
    }

    static String trustedKeysEntry() {
        return TRUSTED_KEY_ID + "=" + TRUSTED_PUBLIC;
    }

    /** The bytes a signature covers. */
    static byte[] signedBytes(byte[] manifestYaml, byte[] wasm) {
        try {
            JsonNode manifest = new YAMLMapper().readTree(manifestYaml);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wasm));
            var payload = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            payload.put("content_hash", hash);
            payload.set("manifest", manifest);
            return CanonicalJson.write(payload).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sign(byte[] content, String privateKeyBase64) {
        try {
            PrivateKey key = KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(privateKeyBase64)));
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(content);
            return signer.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] signatureJson(String keyId, byte[] signature) {
        return ("{\"key_id\":\"" + keyId + "\",\"algorithm\":\"ed25519\",\"signature\":\""
                + Base64.getEncoder().encodeToString(signature) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** The entries plus a {@code signature.json} over their manifest and module. */
    static Map<String, byte[]> signed(Map<String, byte[]> entries, String keyId, String privateKey) {
        Map<String, byte[]> out = new LinkedHashMap<>(entries);
        byte[] content = signedBytes(entries.get(PackageContents.MANIFEST), entries.get(PackageContents.WASM));
        out.put(PackageContents.SIGNATURE, signatureJson(keyId, sign(content, privateKey)));
        return out;
    }

    static Map<String, byte[]> signedByTrustedKey(Map<String, byte[]> entries) {
        return signed(entries, TRUSTED_KEY_ID, TRUSTED_PRIVATE);
    }
}
