package dev.warden.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.common.CanonicalJson;
import java.nio.charset.StandardCharsets;

/**
 * The bytes a package signature covers: the UTF-8 of the canonical JSON
 * {@code {"content_hash":"<sha256 hex of plugin.wasm>","manifest":<plugin.yaml as a JSON tree>}}.
 */
final class SignedContent {

    private SignedContent() {
    }

    static byte[] bytes(byte[] wasm, JsonNode manifestTree) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("content_hash", Sha256.hex(wasm));
        payload.set("manifest", manifestTree);
        return CanonicalJson.write(payload).getBytes(StandardCharsets.UTF_8);
    }
}
