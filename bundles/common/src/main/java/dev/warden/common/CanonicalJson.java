package dev.warden.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The one byte form of a JSON value that Warden signs and verifies: object keys sorted by UTF-16
 * code units at every level, no insignificant whitespace, strings escaped minimally (only
 * {@code "}, {@code \} and control characters, as the short escapes or a backslash-u escape with
 * four lower-case hex digits), and
 * numbers written as Jackson writes the parsed value. The signing tool and the agent must produce
 * identical bytes from the same tree, so this lives in one place.
 */
public final class CanonicalJson {

    private static final ObjectMapper NUMBERS = JsonMapper.builder().build();
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private CanonicalJson() {
    }

    /**
     * The canonical text of {@code node}.
     *
     * @throws IllegalArgumentException for values JSON cannot carry (NaN, infinities, binary, POJOs)
     */
    public static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        append(out, node);
        return out.toString();
    }

    private static void append(StringBuilder out, JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> appendObject(out, node);
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    append(out, node.get(i));
                }
                out.append(']');
            }
            case STRING -> appendString(out, node.textValue());
            case NUMBER -> appendNumber(out, node);
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL -> out.append("null");
            default -> throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
        }
    }

    private static void appendObject(StringBuilder out, JsonNode node) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            fields.add(it.next());
        }
        // String.compareTo orders by UTF-16 code units, the order the signature format defines.
        fields.sort(Map.Entry.comparingByKey());
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, JsonNode> field : fields) {
            if (!first) {
                out.append(',');
            }
            first = false;
            appendString(out, field.getKey());
            out.append(':');
            append(out, field.getValue());
        }
        out.append('}');
    }

    private static void appendNumber(StringBuilder out, JsonNode node) {
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            throw new IllegalArgumentException("JSON has no NaN or infinity");
        }
        try {
            out.append(NUMBERS.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("number cannot be written: " + e.getOriginalMessage(), e);
        }
    }

    private static void appendString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
