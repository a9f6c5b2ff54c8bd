package dev.warden.web.internal;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.PluginInfo;
import dev.warden.common.Json;
import java.io.IOException;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Keeps secret params out of API answers. Which params are secret is the plugin's config schema's
 * call ({@link PluginRegistry#secretParams}); a field counts as secret when any installed version
 * of the plugin marks it, so re-pinning an assignment never unmasks it.
 *
 * <p>The mask doubles as "unchanged" on the way in: a secret field sent back as exactly
 * {@link #MASK} keeps the stored value, so a client can GET, edit and PUT an assignment without
 * knowing (or clobbering) its secrets.
 */
public final class SecretParams {

    static final String MASK = "********";

    private SecretParams() {
    }

    /** JSON pointers of the params that any installed version of the plugin marks secret. */
    static Set<String> of(PluginRegistry registry, String pluginId) {
        Set<String> pointers = new TreeSet<>();
        if (pluginId == null) {
            return pointers;
        }
        for (PluginInfo info : registry.list()) {
            if (info.id().equals(pluginId)) {
                pointers.addAll(registry.secretParams(pluginId, info.version()));
            }
        }
        return pointers;
    }

    /** Replaces every present, non-null secret value by {@link #MASK}; works on the given tree in place. */
    static void mask(JsonNode params, Collection<String> pointers) {
        for (String pointer : pointers) {
            JsonPointer ptr = compile(pointer);
            if (ptr == null) {
                continue;
            }
            JsonNode value = params.at(ptr);
            if (!value.isMissingNode() && !value.isNull()) {
                replace(params, ptr, TextNode.valueOf(MASK));
            }
        }
    }

    /**
     * Puts the stored value back wherever a secret field arrives as {@link #MASK}.
     *
     * @param stored the params currently stored for the assignment, or null when it is new
     * @return the pointer of a masked field that has no stored value to keep, or null when all is well
     */
    static String restore(JsonNode incoming, JsonNode stored, Collection<String> pointers) {
        for (String pointer : pointers) {
            JsonPointer ptr = compile(pointer);
            if (ptr == null) {
                continue;
            }
            JsonNode value = incoming.at(ptr);
            if (!value.isTextual() || !MASK.equals(value.textValue())) {
                continue;
            }
            JsonNode kept = stored == null ? null : stored.at(ptr);
            if (kept == null || kept.isMissingNode() || kept.isNull()) {
                return pointer;
            }
            replace(incoming, ptr, kept.deepCopy());
        }
        return null;
    }

    /**
     * The assignment to store: each secret param sent back as {@link #MASK} gets the value of the stored
     * assignment (looked up only when the plugin has secrets); masked with none stored is refused.
     */
    public static Assignment keepStored(Assignment wanted, Supplier<Assignment> stored, PluginRegistry registry)
            throws InvalidAssignmentException {
        if (!wanted.params().contains(MASK)) {
            return wanted;
        }
        Set<String> secrets = of(registry, wanted.pluginId());
        if (secrets.isEmpty()) {
            return wanted;
        }
        Assignment existing = stored.get();
        JsonNode incoming = tree(wanted.params());
        String missing = restore(incoming, existing == null ? null : tree(existing.params()), secrets);
        if (missing != null) {
            throw new InvalidAssignmentException("params" + missing, "\"" + MASK
                    + "\" keeps a stored secret, but none is stored; send the value");
        }
        return new Assignment(wanted.id(), wanted.pluginId(), wanted.pluginVersion(), wanted.intervalMs(),
                wanted.timeoutMs(), incoming.toString(), wanted.grants(), wanted.thresholds(), wanted.enabled(),
                wanted.source());
    }

    private static JsonNode tree(String json) {
        try {
            return Json.mapper().readTree(json);
        } catch (IOException e) {
            return Json.mapper().createObjectNode();
        }
    }

    private static JsonPointer compile(String pointer) {
        try {
            JsonPointer ptr = JsonPointer.compile(pointer);
            return ptr.matches() ? null : ptr; // the empty pointer is the whole object, never one field
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void replace(JsonNode root, JsonPointer ptr, JsonNode value) {
        JsonNode parent = root.at(ptr.head());
        JsonPointer last = ptr.last();
        if (parent instanceof ObjectNode object && object.has(last.getMatchingProperty())) {
            object.set(last.getMatchingProperty(), value);
        } else if (parent instanceof ArrayNode array && last.mayMatchElement()
                && last.getMatchingIndex() < array.size()) {
            array.set(last.getMatchingIndex(), value);
        }
    }
}
