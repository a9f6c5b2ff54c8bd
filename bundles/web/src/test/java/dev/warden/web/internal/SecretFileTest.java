package dev.warden.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.common.WardenHome;
import dev.warden.web.internal.FakeHttp.Request;
import dev.warden.web.internal.FakeHttp.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFileTest {

    @TempDir
    Path dir;

    @Test
    void generatedSecretIs32RandomBytesInBase64Url() {
        String a = SecretFile.generate();
        assertEquals(43, a.length());
        assertTrue(a.matches("[A-Za-z0-9_-]+"));
        assertNotEquals(a, SecretFile.generate());
    }

    @Test
    void missingFileIsCreatedOwnerOnlyInAMissingFolder() throws Exception {
        Path file = dir.resolve("conf/api-token");
        SecretFile.Secret s = SecretFile.readOrCreate(file);
        assertTrue(s.created());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(s.value(), Files.readString(file).trim());
    }

    @Test
    void existingSecretIsKeptAndItsLoosePermissionsTightened() throws Exception {
        Path file = dir.resolve("api-token");
        Files.writeString(file, "kept\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        SecretFile.Secret s = SecretFile.readOrCreate(file);
        assertFalse(s.created());
        assertEquals("kept", s.value());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void emptyFileIsReplacedByANewSecret() throws Exception {
        Path file = dir.resolve("api-token");
        Files.writeString(file, "  \n");
        SecretFile.Secret s = SecretFile.readOrCreate(file);
        assertTrue(s.created());
        assertEquals(43, s.value().length());
    }

    @Test
    void servletActivationCreatesTheTokenUnderWardenHomeAndAcceptsIt() throws Exception {
        String before = System.getProperty(WardenHome.PROPERTY);
        System.setProperty(WardenHome.PROPERTY, dir.toString());
        try {
            ApiServlet servlet = new ApiServlet();
            servlet.activate(ApiServletTest.config(1024));
            Path token = dir.resolve("conf").resolve(ApiServlet.TOKEN_FILE);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(token)));
            servlet.registry = new FakeServices.Registry();
            Response ok = new Response();
            servlet.service(new Request("GET", "/plugins").header("Authorization", "Bearer " + Files.readString(token).trim()).proxy(), ok.proxy());
            assertEquals(200, ok.status);
        } finally {
            if (before == null) {
                System.clearProperty(WardenHome.PROPERTY);
            } else {
                System.setProperty(WardenHome.PROPERTY, before);
            }
        }
    }
}
