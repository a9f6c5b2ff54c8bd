package dev.warden.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.common.CanonicalJson;

/**
 * An Ed25519 key pair with a key id, signing packages as DESIGN.md §3 says: the signature covers
 * the canonical JSON {@code {"content_hash": sha256(plugin.wasm) hex, "manifest": plugin.yaml as JSON}}.
 */
final class PackageSigner {

    /** An X.509 SubjectPublicKeyInfo of an Ed25519 key is this fixed prefix followed by the raw 32-byte key. */
    private static final int SPKI_PREFIX = 12;

    private final String keyId;
    private final KeyPair keys;

    private PackageSigner(String keyId, KeyPair keys) {
        this.keyId = keyId;
        this.keys = keys;
    }

    static PackageSigner generate(String keyId) {
        try {
            return new PackageSigner(keyId, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same private key presented under another key id. */
    PackageSigner as(String otherKeyId) {
        return new PackageSigner(otherKeyId, keys);
    }

    String keyId() {
        return keyId;
    }

    /** A {@code trusted_keys} entry with the key as X.509 SubjectPublicKeyInfo DER. */
    String trustedKeyEntry() {
        return keyId + "=" + Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** A {@code trusted_keys} entry with the raw 32-byte Ed25519 public key. */
    String rawTrustedKeyEntry() {
        byte[] spki = keys.getPublic().getEncoded();
        return keyId + "=" + Base64.getEncoder().encodeToString(Arrays.copyOfRange(spki, SPKI_PREFIX, spki.length));
    }

    /** The {@code signature.json} for a package with this manifest and module. */
    byte[] signatureJson(String manifestYaml, byte[] wasm) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(keys.getPrivate());
            ed25519.update(signedBytes(manifestYaml, wasm));
            ObjectNode sig = WardenApi.json().createObjectNode();
            sig.put("key_id", keyId);
            sig.put("algorithm", "ed25519");
            sig.put("signature", Base64.getEncoder().encodeToString(ed25519.sign()));
            return sig.toString().getBytes(StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] signedBytes(String manifestYaml, byte[] wasm) {
        try {
            JsonNode manifest = new YAMLMapper().readTree(manifestYaml);
            ObjectNode payload = WardenApi.json().createObjectNode();
            payload.put("content_hash", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wasm)));
            payload.set("manifest", manifest);
            return CanonicalJson.write(payload).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
