package dev.warden.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningTest {

    @TempDir
    Path dir;

    private String keygen(String id) {
        Cli r = Cli.run("keygen", id, "-o", dir.resolve("keys").toString());
        assertEquals(0, r.code(), r.toString());
        String entry = r.out().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(entry.startsWith(id + "=MCowBQYDK2Vw"), "X.509 SPKI of an Ed25519 key: " + entry);
        return entry;
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerCanRead() throws Exception {
        keygen("publisher");
        Path key = dir.resolve("keys/publisher.pem");
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(key));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----"));
        assertTrue(Files.readString(dir.resolve("keys/publisher.pub.pem")).startsWith("-----BEGIN PUBLIC KEY-----"));
        Cli again = Cli.run("keygen", "publisher", "-o", dir.resolve("keys").toString());
        assertEquals(1, again.code(), "an existing key is never overwritten: " + again);
    }

    @Test
    void packSignAndVerifyRoundTrip() throws Exception {
        String trusted = keygen("publisher");
        String other = keygen("someone-else");
        Path pkg = dir.resolve("hello.wpkg");
        assertEquals(0, Cli.run("pack", Cli.example("hello-c"), "-o", pkg.toString()).code());

        Cli sign = Cli.run("sign", pkg.toString(), "--key", dir.resolve("keys/publisher.pem").toString(),
                "--key-id", "publisher");
        assertEquals(0, sign.code(), sign.toString());
        assertTrue(sign.out().contains("trusted_keys entry: " + trusted), sign.toString());

        Map<String, byte[]> entries = PluginFiles.readZip(Files.readAllBytes(pkg));
        assertNotNull(entries.get("signature.json"));
        String signature = new String(entries.get("signature.json"), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(signature.contains("\"key_id\" : \"publisher\"") && signature.contains("\"algorithm\" : \"ed25519\""),
                signature);

        Cli upload = Cli.run("validate", "--upload", "--trusted-key", trusted, pkg.toString());
        assertEquals(0, upload.code(), upload.toString());
        assertTrue(upload.out().contains("signature: verified, key publisher"), upload.toString());

        Cli untrusted = Cli.run("validate", "--upload", "--trusted-key", other, pkg.toString());
        assertEquals(1, untrusted.code(), untrusted.toString());
        assertTrue(untrusted.out().contains("refused: untrusted_key"), untrusted.toString());

        // the same key id with another key: the signature does not verify
        String impostor = "publisher=" + other.substring(other.indexOf('=') + 1);
        Cli forged = Cli.run("validate", "--upload", "--trusted-key", impostor, pkg.toString());
        assertEquals(1, forged.code(), forged.toString());
        assertTrue(forged.out().contains("refused: bad_signature"), forged.toString());
    }

    @Test
    void signingAFolderWritesSignatureJsonThatMatchesTheRegistrysContent() throws Exception {
        String trusted = keygen("folder-key");
        Path plugin = dir.resolve("plugin");
        Files.createDirectories(plugin);
        for (String f : new String[] {"plugin.yaml", "plugin.wasm"}) {
            Files.copy(Path.of(Cli.example("hello-c")).resolve(f), plugin.resolve(f));
        }
        Path out = dir.resolve("signed.wpkg");
        Cli sign = Cli.run("sign", plugin.toString(), "--key", dir.resolve("keys/folder-key.pem").toString(),
                "--key-id", "folder-key", "-o", out.toString());
        assertEquals(0, sign.code(), sign.toString());
        assertTrue(Files.isRegularFile(plugin.resolve("signature.json")));
        assertArrayEquals(Files.readAllBytes(plugin.resolve("signature.json")),
                PluginFiles.readZip(Files.readAllBytes(out)).get("signature.json"));
        assertEquals(0, Cli.run("validate", "--upload", "--trusted-key", trusted, plugin.toString()).code());
        // changing the module after signing breaks the signature
        byte[] wasm = Files.readAllBytes(plugin.resolve("plugin.wasm"));
        wasm[wasm.length - 1] ^= 1;
        Files.write(plugin.resolve("plugin.wasm"), wasm);
        Cli tampered = Cli.run("validate", "--trusted-key", trusted, plugin.toString());
        assertEquals(1, tampered.code(), tampered.toString());
        assertFalse(tampered.out().contains("ok:"), tampered.toString());
    }

    @Test
    void signRefusesAFileThatIsNotAKey() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("key.pem"), "hello");
        Cli r = Cli.run("sign", Cli.example("hello-c"), "--key", notAKey.toString(), "--key-id", "k");
        assertEquals(1, r.code(), r.toString());
        assertEquals(2, Cli.run("sign", Cli.example("hello-c")).code());
    }
}
