package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Permissions;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AssignmentValidationTest {

    @TempDir
    Path home;

    private PackageRegistry registry;

    @BeforeEach
    void installGoodPackages() throws Exception {
        registry = TestRegistries.strict(new FakeModuleValidator(), home);
        for (byte[] zip : BadPackageCorpus.good().values()) {
            registry.install(new ByteArrayInputStream(zip), "disk");
        }
    }

    @AfterEach
    void stop() {
        registry.deactivate();
    }

    private static Assignment assignment(String plugin, String version, String params, Grants grants) {
        return new Assignment("a1", plugin, version, 60_000, null, params, grants, null, true, "test");
    }

    private InvalidAssignmentException refused(Assignment a) {
        return assertThrows(InvalidAssignmentException.class, () -> registry.validateAssignment(a));
    }

    private static final String GOOD_PARAMS = "{\"host\":\"db.example.org\",\"port\":22,\"auth\":{\"token\":\"t\"}}";

    @Test
    void acceptsParamsValidAgainstTheSchemaWithManifestGrants() throws Exception {
        registry.validateAssignment(assignment("warden-tcp", null, GOOD_PARAMS, null));
        registry.validateAssignment(assignment("warden-tcp", "1.0.0-rc.1+build.7", GOOD_PARAMS, null));
        registry.validateAssignment(assignment("serviceradar-http", null, "{\"anything\":[1]}", null));
    }

    @Test
    void unknownPluginOrVersionNamesTheField() {
        assertEquals("plugin_id", refused(assignment("nope", null, "{}", null)).field());
        assertEquals("plugin_id", refused(assignment(null, null, "{}", null)).field());
        assertEquals("plugin_version", refused(assignment("warden-tcp", "9.9.9", GOOD_PARAMS, null)).field());
    }

    @Test
    void paramsAgainstTheSchemaAreRefusedWithTheirJsonPath() {
        InvalidAssignmentException e = refused(assignment("warden-tcp", null, "{\"host\":\"h\",\"port\":\"22\"}", null));
        assertEquals("params", e.field());
        assertTrue(e.getMessage().contains("$.port"), e.getMessage());

        InvalidAssignmentException missing = refused(assignment("warden-tcp", null, "{\"host\":\"h\"}", null));
        assertTrue(missing.getMessage().contains("port"), missing.getMessage());
        assertEquals("params", refused(assignment("warden-tcp", null, "[1]", null)).field());
        assertEquals("params", refused(assignment("serviceradar-http", null, "{bad json", null)).field());
    }

    @Test
    void grantsMustBeASubsetOfTheManifest() throws Exception {
        registry.validateAssignment(assignment("warden-tcp", null, GOOD_PARAMS, new Grants(List.of("log"),
                new Permissions(null, List.of("203.0.113.8/29", "2001:db8:1::/48"), List.of(22), true))));
        registry.validateAssignment(assignment("serviceradar-http", null, "{}", new Grants(null,
                new Permissions(List.of("api.example.com"), null, List.of(443), false))));

        assertEquals("grants.capabilities", refused(assignment("warden-tcp", null, GOOD_PARAMS,
                new Grants(List.of("http_request"), null))).field());
        assertEquals("grants.permissions.allowed_networks", refused(assignment("warden-tcp", null, GOOD_PARAMS,
                new Grants(null, new Permissions(null, List.of("203.0.112.0/23"), null, false)))).field());
        assertEquals("grants.permissions.allowed_ports", refused(assignment("warden-tcp", null, GOOD_PARAMS,
                new Grants(null, new Permissions(null, null, List.of(23), false)))).field());
        assertEquals("grants.permissions.allowed_domains", refused(assignment("serviceradar-http", null, "{}",
                new Grants(null, new Permissions(List.of("evil.example.com"), null, null, false)))).field());
        assertEquals("grants.permissions.tls_insecure", refused(assignment("serviceradar-http", null, "{}",
                new Grants(null, new Permissions(null, null, null, true)))).field());
    }

    @Test
    void wildcardDomainsCoverDeeperNamesOnly() {
        assertTrue(AssignmentCheck.domainWithin("a.example.org", "*.example.org"));
        assertTrue(AssignmentCheck.domainWithin("api.example.com", "*"));
        assertTrue(AssignmentCheck.domainWithin("*.example.com", "*"));
        assertTrue(!AssignmentCheck.domainWithin("*", "*.example.org"));
        assertTrue(AssignmentCheck.domainWithin("*.b.example.org", "*.example.org"));
        assertTrue(!AssignmentCheck.domainWithin("example.org", "*.example.org"));
        assertTrue(!AssignmentCheck.domainWithin("badexample.org", "*.example.org"));
    }

    @Test
    void secretParamsArePointersOfWriteOnlyPasswordAndXSecretProperties() {
        assertEquals(Set.of("/password", "/auth/token", "/auth/api~1key"), registry.secretParams("warden-tcp", null));
        assertEquals(Set.of(), registry.secretParams("serviceradar-http", null));
        assertEquals(Set.of(), registry.secretParams("nope", null));
    }
}
