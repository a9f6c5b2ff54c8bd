package dev.warden.registry.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.warden.api.InvalidPluginException;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/** The parsed {@code signature.json}: {@code {"key_id","algorithm":"ed25519","signature":"<base64>"}}. */
record PackageSignature(String keyId, byte[] signature) {

    static final String ALGORITHM = "ed25519";
    private static final Set<String> FIELDS = Set.of("key_id", "algorithm", "signature");
    private static final int MAX_KEY_ID = 128;

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    static PackageSignature parse(byte[] json) throws InvalidPluginException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (IOException e) {
            throw bad("signature.json is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw bad("signature.json must be a JSON object");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw bad("signature.json has an unknown key " + name);
            }
        }
        String keyId = text(root, "key_id");
        if (keyId.isEmpty() || keyId.length() > MAX_KEY_ID) {
            throw bad("signature.json key_id must be 1.." + MAX_KEY_ID + " characters");
        }
        if (!ALGORITHM.equals(text(root, "algorithm").toLowerCase(Locale.ROOT))) {
            throw bad("signature.json algorithm must be " + ALGORITHM);
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(text(root, "signature"));
        } catch (IllegalArgumentException e) {
            throw bad("signature.json signature is not base64");
        }
        return new PackageSignature(keyId, signature);
    }

    private static String text(JsonNode root, String field) throws InvalidPluginException {
        JsonNode value = root.get(field);
        if (value == null || !value.isTextual()) {
            throw bad("signature.json needs a string " + field);
        }
        return value.textValue();
    }

    private static InvalidPluginException bad(String message) {
        return new InvalidPluginException("bad_signature", PackageContents.SIGNATURE, message);
    }
}
