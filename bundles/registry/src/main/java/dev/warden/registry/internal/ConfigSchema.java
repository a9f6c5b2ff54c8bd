package dev.warden.registry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.ValidationMessage;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** A compiled {@code config.schema.json}: validates assignment params and knows which are secret. */
final class ConfigSchema {

    private static final int MAX_DEPTH = 32;
    private static final int MAX_VISITS = 10_000;

    private final JsonSchema schema;
    private final Set<String> secretPointers;

    ConfigSchema(JsonSchema schema, JsonNode root) {
        this.schema = schema;
        Set<String> secrets = new LinkedHashSet<>();
        collectSecrets(root, root, "", secrets, Collections.newSetFromMap(new IdentityHashMap<>()), new int[] {0});
        this.secretPointers = Set.copyOf(secrets);
    }

    /** Problems of {@code params}, each naming the JSON path; empty when valid. */
    Set<ValidationMessage> validate(JsonNode params) {
        return schema.validate(params);
    }

    /** JSON pointers of the params marked secret, nested objects included. */
    Set<String> secretPointers() {
        return secretPointers;
    }

    static boolean isSecret(JsonNode property) {
        return property.path("writeOnly").asBoolean(false) || "password".equals(property.path("format").asText(""))
                || property.path("x-secret").asBoolean(false);
    }

    /** Walks the schema; {@code onPath} stops recursive references, {@code visits} bounds the work. */
    private static void collectSecrets(JsonNode root, JsonNode node, String pointer, Set<String> out,
            Set<JsonNode> onPath, int[] visits) {
        if (!node.isObject() || onPath.size() > MAX_DEPTH || ++visits[0] > MAX_VISITS || !onPath.add(node)) {
            return;
        }
        try {
            walk(root, node, pointer, out, onPath, visits);
        } finally {
            onPath.remove(node);
        }
    }

    private static void walk(JsonNode root, JsonNode node, String pointer, Set<String> out, Set<JsonNode> onPath,
            int[] visits) {
        JsonNode resolved = localRef(root, node);
        if (resolved != node) {
            collectSecrets(root, resolved, pointer, out, onPath, visits);
        }
        JsonNode properties = node.get("properties");
        if (properties != null && properties.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> property = it.next();
                String child = pointer + "/" + property.getKey().replace("~", "~0").replace("/", "~1");
                JsonNode target = localRef(root, property.getValue());
                if (isSecret(property.getValue()) || isSecret(target)) {
                    out.add(child);
                }
                collectSecrets(root, property.getValue(), child, out, onPath, visits);
            }
        }
        for (String combinator : new String[] {"allOf", "anyOf", "oneOf"}) {
            JsonNode parts = node.get(combinator);
            if (parts != null && parts.isArray()) {
                for (JsonNode part : parts) {
                    collectSecrets(root, part, pointer, out, onPath, visits);
                }
            }
        }
    }

    /** The target of a {@code "$ref": "#/..."} within the schema, or the node itself. */
    private static JsonNode localRef(JsonNode root, JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null || !ref.isTextual() || !ref.textValue().startsWith("#")) {
            return node;
        }
        try {
            JsonNode target = root.at(ref.textValue().substring(1));
            return target.isMissingNode() ? node : target;
        } catch (IllegalArgumentException e) {
            return node; // an anchor name, not a pointer: nothing to follow
        }
    }
}
