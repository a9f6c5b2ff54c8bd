package dev.warden.tool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.common.CanonicalJson;
import dev.warden.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys and package signatures in the form the registry verifies: the signature covers the
 * UTF-8 of the canonical JSON {@code {"content_hash":"<sha256 hex of plugin.wasm>","manifest":<plugin.yaml
 * as a JSON tree>}} ({@link CanonicalJson}, shared with the agent) and is stored as
 * {@code signature.json} = {@code {"key_id","algorithm":"ed25519","signature":"<base64>"}}.
 */
final class PackageSigning {

    private static final String PRIVATE_PEM = "PRIVATE KEY";
    private static final String PUBLIC_PEM = "PUBLIC KEY";

    private PackageSigning() {
    }

    static KeyPair newKeyPair() throws GeneralSecurityException {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    /** The {@code trusted_keys} entry of {@code dev.warden.registry} for a public key. */
    static String trustedKeysEntry(String keyId, PublicKey key) {
        return keyId + "=" + Base64.getEncoder().encodeToString(key.getEncoded());
    }

    static String privatePem(PrivateKey key) {
        return pem(PRIVATE_PEM, key.getEncoded());
    }

    static String publicPem(PublicKey key) {
        return pem(PUBLIC_PEM, key.getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** An Ed25519 private key from PKCS#8 PEM (as {@code keygen} and {@code openssl genpkey -algorithm ed25519} write it). */
    static PrivateKey readPrivateKey(String pem) throws GeneralSecurityException {
        String begin = "-----BEGIN " + PRIVATE_PEM + "-----";
        String end = "-----END " + PRIVATE_PEM + "-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new GeneralSecurityException("not a PKCS#8 PEM private key (no " + begin + " block)");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("the PEM block is not base64");
        }
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    /**
     * The public half of an Ed25519 private key. The JDK has no direct derivation, but its key pair
     * generator turns 32 random bytes into the pair; handing it the private key's seed as those
     * bytes yields exactly this key's public key.
     */
    static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException {
        if (!(key instanceof java.security.interfaces.EdECPrivateKey ed) || ed.getBytes().isEmpty()) {
            throw new GeneralSecurityException("not an Ed25519 private key");
        }
        byte[] seed = ed.getBytes().get();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
        generator.initialize(255, new java.security.SecureRandom() {
            private static final long serialVersionUID = 1L;

            @Override
            public void nextBytes(byte[] bytes) {
                System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
            }
        });
        return generator.generateKeyPair().getPublic();
    }

    /** The bytes a signature covers. */
    static byte[] signedContent(byte[] manifestYaml, byte[] wasm) throws IOException {
        JsonNode manifest = new YAMLMapper().readTree(manifestYaml);
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("content_hash", sha256(wasm));
        payload.set("manifest", manifest);
        return CanonicalJson.write(payload).getBytes(StandardCharsets.UTF_8);
    }

    static byte[] signatureJson(String keyId, PrivateKey key, byte[] manifestYaml, byte[] wasm)
            throws IOException, GeneralSecurityException {
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(signedContent(manifestYaml, wasm));
        ObjectNode json = Json.mapper().createObjectNode();
        json.put("key_id", keyId);
        json.put("algorithm", "ed25519");
        json.put("signature", Base64.getEncoder().encodeToString(signer.sign()));
        return (Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
