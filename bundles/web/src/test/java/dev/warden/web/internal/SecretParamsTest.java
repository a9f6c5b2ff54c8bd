package dev.warden.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.common.Json;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class SecretParamsTest {

    private static JsonNode json(String s) throws IOException {
        return Json.mapper().readTree(s);
    }

    @Test
    void masksPresentValuesOnlyAndLeavesAbsentOrNullOnesAlone() throws IOException {
        JsonNode p = json("{\"a\":\"x\",\"n\":null,\"list\":[\"k0\",\"k1\"]}");
        SecretParams.mask(p, List.of("/a", "/n", "/missing", "/list/1", "/deep/er", "", "not-a-pointer"));
        assertEquals("{\"a\":\"********\",\"n\":null,\"list\":[\"k0\",\"********\"]}", p.toString());
    }

    @Test
    void restoreKeepsStoredValuesOfMaskedFieldsOnly() throws IOException {
        JsonNode in = json("{\"a\":\"********\",\"b\":\"typed\",\"o\":{\"c\":\"********\"}}");
        JsonNode stored = json("{\"a\":{\"complex\":1},\"b\":\"old\",\"o\":{\"c\":\"s\"}}");
        assertNull(SecretParams.restore(in, stored, List.of("/a", "/b", "/o/c")));
        assertEquals("{\"a\":{\"complex\":1},\"b\":\"typed\",\"o\":{\"c\":\"s\"}}", in.toString());
    }

    @Test
    void restoreNamesAMaskedFieldWithNothingStored() throws IOException {
        assertEquals("/a", SecretParams.restore(json("{\"a\":\"********\"}"), null, List.of("/a")));
        assertEquals("/a", SecretParams.restore(json("{\"a\":\"********\"}"), json("{}"), List.of("/a")));
    }

    @Test
    void versionInUseCountsPinnedAndNewestFollowers() {
        var pinned = new dev.warden.api.dto.Assignment("p", "demo", "1.0.0", 1000, null, null, null, null, true, "s");
        var follower = new dev.warden.api.dto.Assignment("f", "demo", null, 1000, null, null, null, null, true, "s");
        var other = new dev.warden.api.dto.Assignment("o", "other", null, 1000, null, null, null, null, true, "s");
        List<dev.warden.api.dto.Assignment> all = List.of(pinned, follower, other);
        assertEquals(List.of("p"), VersionInUse.assignments("demo", "1.0.0", "2.0.0", all));
        assertEquals(List.of("f"), VersionInUse.assignments("demo", "2.0.0", "2.0.0", all));
        assertEquals(List.of("f", "p"), VersionInUse.assignments("demo", "1.0.0", "1.0.0", all));
        assertEquals(List.of(), VersionInUse.assignments("demo", "1.5.0", "2.0.0", all));
    }
}
