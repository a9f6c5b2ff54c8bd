package dev.warden.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String canonical(String json) throws Exception {
        return CanonicalJson.write(MAPPER.readTree(json));
    }

    @Test
    void sortsKeysRecursivelyAndDropsWhitespace() throws Exception {
        assertEquals("{\"a\":[{\"x\":1,\"y\":2}],\"b\":{\"c\":true,\"d\":null}}",
                canonical(" { \"b\" : { \"d\" : null , \"c\" : true },\n \"a\" : [ { \"y\":2, \"x\":1 } ] } "));
    }

    @Test
    void sortsKeysByUtf16CodeUnitsNotCodePoints() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("\uD83D\uDE00", 1); // U+1F600, surrogates 0xD83D...: sorts before U+FB01
        node.put("\uFB01", 2);
        node.put("Z", 3);
        node.put("a", 4);
        assertEquals("{\"Z\":3,\"a\":4,\"\uD83D\uDE00\":1,\"\uFB01\":2}", CanonicalJson.write(node));
    }

    @Test
    void escapesOnlyQuoteBackslashAndControlCharacters() throws Exception {
        assertEquals("\"q\\\" b\\\\ \\n\\t\\r\\b\\f \\u0001\\u001f / é \u2028\"",
                canonical("\"q\\\" b\\\\ \\n\\t\\r\\b\\f \\u0001\\u001F \\/ \\u00e9 \\u2028\""));
    }

    @Test
    void writesNumbersAsJacksonWritesTheParsedValue() throws Exception {
        assertEquals("[1,0,1.5,100.0,1.0E10,12345678901234567890]",
                canonical("[1, -0, 1.50, 1e2, 1e10, 12345678901234567890]"));
    }

    @Test
    void sameTreeGivesSameBytesWhateverTheInputOrder() throws Exception {
        JsonNode a = MAPPER.readTree("{\"manifest\":{\"id\":\"x\",\"capabilities\":[\"log\"]},\"content_hash\":\"ab\"}");
        JsonNode b = MAPPER.readTree("{\"content_hash\":\"ab\",\"manifest\":{\"capabilities\":[\"log\"],\"id\":\"x\"}}");
        assertEquals(CanonicalJson.write(a), CanonicalJson.write(b));
        assertEquals("{\"content_hash\":\"ab\",\"manifest\":{\"capabilities\":[\"log\"],\"id\":\"x\"}}",
                CanonicalJson.write(a));
    }

    @Test
    void refusesNaN() {
        assertThrows(IllegalArgumentException.class,
                () -> CanonicalJson.write(JsonNodeFactory.instance.numberNode(Double.NaN)));
    }
}
