package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.spi.KnownCapabilities;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManifestParserTest {

    private static final Set<String> KNOWN = KnownCapabilities.IMPORTS.keySet();

    private final ManifestParser parser = new ManifestParser(PackageLimits.MANIFEST_BYTES);

    private PluginManifest parse(String yaml) throws InvalidPluginException {
        return parser.parse(yaml.getBytes(StandardCharsets.UTF_8), KNOWN);
    }

    private InvalidPluginException refused(String yaml) {
        InvalidPluginException e = assertThrows(InvalidPluginException.class, () -> parse(yaml));
        assertEquals("invalid_manifest", e.code(), e.getMessage());
        return e;
    }

    @Test
    void readsTheDesignExampleIncludingServiceRadarFields() throws InvalidPluginException {
        PluginManifest m = parse(Packages.manifest("http-check", "1.2.0") + """
                  requested_cpu_ms: 200
                  max_log_bytes: 65536
                schema_version: 1
                description: Checks an HTTP endpoint
                display_contract:
                  widgets: [{kind: status}]
                source:
                  repo: https://example.com/x
                """);
        assertEquals("http-check", m.id());
        assertEquals("1.2.0", m.version());
        assertEquals(List.of("get_config", "log", "submit_result"), m.capabilities());
        assertEquals(List.of("api.example.com"), m.permissions().allowedDomains());
        assertEquals(List.of(443), m.permissions().allowedPorts());
        assertEquals(16, m.resources().requestedMemoryMb());
        assertEquals(200L, m.resources().requestedCpuMs());
        assertEquals(1, m.schemaVersion());
        assertEquals("Checks an HTTP endpoint", m.description());
        assertEquals(Map.of("repo", "https://example.com/x"), m.source());
        assertTrue(m.wasi());
    }

    @Test
    void unknownKeysAreRefusedNamingTheField() {
        assertEquals("colour", refused(Packages.manifest("a", "1.0.0") + "colour: red\n").field());
        InvalidPluginException nested = refused("""
                id: a
                name: A
                version: 1.0.0
                permissions:
                  allowed_domain: [x.example]
                """);
        assertEquals("permissions.allowed_domain", nested.field());
        assertTrue(nested.getMessage().contains("allowed_domain"));
    }

    @Test
    void idAndVersionAreChecked() {
        assertEquals("id", refused(Packages.manifest("Bad_Id", "1.0.0")).field());
        assertEquals("id", refused(Packages.manifest("-lead", "1.0.0")).field());
        assertEquals("version", refused(Packages.manifest("ok", "1.0")).field());
        assertEquals("version", refused(Packages.manifest("ok", "latest")).field());
        assertEquals("id", refused("name: A\nversion: 1.0.0\n").field());
    }

    @Test
    void anchorsAliasesAndDuplicateKeysAreRefused() {
        assertTrue(refused("""
                id: a
                name: &n A
                version: 1.0.0
                description: *n
                """).getMessage().contains("anchors"));
        refused("id: a\nid: b\nname: A\nversion: 1.0.0\n");
        refused("id: a\nname: A\nversion: 1.0.0\n---\nid: b\n");
    }

    @Test
    void wrongTypesAndValuesAreRefused() {
        assertEquals("capabilities", refused("id: a\nname: A\nversion: 1.0.0\ncapabilities: log\n").field());
        assertEquals("runtime", refused("id: a\nname: A\nversion: 1.0.0\nruntime: jvm\n").field());
        assertEquals("permissions.allowed_ports",
                refused("id: a\nname: A\nversion: 1.0.0\npermissions:\n  allowed_ports: [70000]\n").field());
        assertEquals("resources.timeout_ms",
                refused("id: a\nname: A\nversion: 1.0.0\nresources:\n  timeout_ms: 0\n").field());
        refused("");
        refused("- just\n- a list\n");
        refused("id: [unclosed\n");
    }

    @Test
    void invalidUtf8IsRefused() {
        InvalidPluginException e = assertThrows(InvalidPluginException.class,
                () -> parser.parse(new byte[] {'i', 'd', ':', ' ', (byte) 0xC3}, KNOWN));
        assertEquals("invalid_manifest", e.code());
    }
}
