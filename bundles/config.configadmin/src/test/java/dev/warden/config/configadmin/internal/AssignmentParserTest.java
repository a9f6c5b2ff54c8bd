package dev.warden.config.configadmin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.Threshold;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AssignmentParserTest {

    private static AssignmentFields fields(String id, String pluginId, long interval, String params, String grants, String thresholds) {
        return new AssignmentFields(id, pluginId, "", interval, 0, params, grants, thresholds, true);
    }

    private static String failingField(AssignmentFields f) {
        return assertThrows(InvalidAssignmentException.class, () -> AssignmentParser.parse(f, "configadmin")).field();
    }

    @Test
    void minimalFieldsGiveManifestGrantsAndNoThresholds() throws Exception {
        Assignment a = AssignmentParser.parse(fields("web", "http-check", 60_000, "{}", "", ""), "configadmin");
        assertEquals("web", a.id());
        assertEquals("http-check", a.pluginId());
        assertNull(a.pluginVersion(), "empty version follows the newest");
        assertNull(a.timeoutMs(), "0 means the manifest's timeout");
        assertEquals(Grants.MANIFEST, a.grants());
        assertEquals(Map.of(), a.thresholds());
        assertEquals("configadmin", a.source());
        assertTrue(a.enabled());
    }

    @Test
    void grantsAndThresholdsAreParsedFromJson() throws Exception {
        Assignment a = AssignmentParser.parse(fields("web", "http-check", 5_000, "{\"url\":\"https://x\"}",
                "{\"capabilities\":[\"log\"],\"permissions\":{\"allowed_domains\":[\"x\"],\"allowed_ports\":[443]}}",
                "{\"latency_ms\":{\"warn\":\"200\",\"crit\":\"@500:\"}}"), "configadmin");
        assertEquals(List.of("log"), a.grants().capabilities());
        assertEquals(new Permissions(List.of("x"), List.of(), List.of(443), false), a.grants().permissions());
        assertEquals(Map.of("latency_ms", new Threshold("200", "@500:")), a.thresholds());
        assertEquals("{\"url\":\"https://x\"}", a.params());
    }

    @Test
    void eachInvalidFieldIsNamed() {
        assertEquals("id", failingField(fields("-bad", "p", 60_000, "{}", "", "")));
        assertEquals("id", failingField(fields("a".repeat(65), "p", 60_000, "{}", "", "")));
        assertEquals("plugin_id", failingField(fields("a", "", 60_000, "{}", "", "")));
        assertEquals("plugin_id", failingField(fields("a", "Bad Id", 60_000, "{}", "", "")));
        assertEquals("interval_ms", failingField(fields("a", "p", 999, "{}", "", "")));
        assertEquals("params", failingField(fields("a", "p", 60_000, "{not json", "", "")));
        assertEquals("params", failingField(fields("a", "p", 60_000, "[1,2]", "", "")));
        assertEquals("grants", failingField(fields("a", "p", 60_000, "{}", "{\"capabilites\":[]}", "")));
        assertEquals("grants", failingField(fields("a", "p", 60_000, "{}", "nope", "")));
        assertEquals("thresholds", failingField(fields("a", "p", 60_000, "{}", "", "{\"m\":{\"warn\":\"abc\"}}")));
        assertEquals("thresholds", failingField(fields("a", "p", 60_000, "{}", "", "{\"m\":{}}")));
        assertEquals("timeout_ms", failingField(new AssignmentFields("a", "p", "", 60_000, -1, "{}", "", "", true)));
        assertEquals("plugin_version", failingField(new AssignmentFields("a", "p", "1.0 beta", 60_000, 0, "{}", "", "", true)));
    }

    @Test
    void thresholdErrorNamesTheMetricAndLevel() {
        InvalidAssignmentException e = assertThrows(InvalidAssignmentException.class, () -> AssignmentParser.parse(
                fields("a", "p", 60_000, "{}", "", "{\"latency_ms\":{\"crit\":\"20:10\"}}"), "configadmin"));
        assertTrue(e.getMessage().startsWith("thresholds.latency_ms.crit: "), e.getMessage());
    }

    @Test
    void storedFormRoundTripsToAnEqualAssignment() throws Exception {
        Assignment original = new Assignment("web.1", "http-check", "1.2.0", 30_000, 5_000L, "{\"a\":1}",
                new Grants(List.of("log", "http_request"), new Permissions(List.of("api.example.com"), null, List.of(443), null)),
                Map.of("latency_ms", new Threshold("200", "500")), false, "rest");
        AssignmentFields stored = AssignmentFields.of(original);
        Map<String, Object> props = stored.toProperties();
        AssignmentFields reread = new AssignmentFields((String) props.get("id"), (String) props.get("plugin_id"),
                (String) props.get("plugin_version"), (Long) props.get("interval_ms"), (Long) props.get("timeout_ms"),
                (String) props.get("params"), (String) props.get("grants"), (String) props.get("thresholds"),
                (Boolean) props.get("enabled"));
        Assignment back = AssignmentParser.parse(reread, "configadmin");
        assertEquals(new Assignment(original.id(), original.pluginId(), original.pluginVersion(), original.intervalMs(),
                original.timeoutMs(), original.params(), original.grants(), original.thresholds(), original.enabled(),
                "configadmin"), back);
    }

    @Test
    void manifestGrantsAreStoredAsEmptyText() {
        Assignment a = new Assignment("a", "p", null, 60_000, null, null, null, null, true, null);
        Map<String, Object> props = AssignmentFields.of(a).toProperties();
        assertEquals("", props.get("grants"));
        assertEquals("", props.get("thresholds"));
        assertEquals("", props.get("plugin_version"));
        assertEquals(0L, props.get("timeout_ms"));
        assertEquals("{}", props.get("params"));
    }

    @Test
    void configurationNameIsTheDefaultId() {
        assertEquals("web", AssignmentConfiguration.configurationName("dev.warden.assignment~web"));
        assertEquals("3f2a-77", AssignmentConfiguration.configurationName("dev.warden.assignment.3f2a-77"));
    }
}
