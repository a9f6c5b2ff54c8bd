package dev.warden.tool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackAndInitTest {

    @TempDir
    Path dir;

    @Test
    void packZipsTheFilesTheAgentReadsAndIsRepeatable() throws Exception {
        Path a = dir.resolve("a.wpkg");
        Path b = dir.resolve("b.wpkg");
        Cli r = Cli.run("pack", Cli.example("hello-c"), "-o", a.toString());
        assertEquals(0, r.code(), r.toString());
        assertEquals(0, Cli.run("pack", Cli.example("hello-c"), "-o", b.toString()).code());
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        var entries = PluginFiles.readZip(Files.readAllBytes(a));
        assertEquals(List.of("plugin.yaml", "plugin.wasm"), List.copyOf(entries.keySet()));
        assertArrayEquals(Files.readAllBytes(Path.of(Cli.example("hello-c")).resolve("plugin.wasm")),
                entries.get("plugin.wasm"));
        assertEquals(0, Cli.run("validate", a.toString()).code());
    }

    @Test
    void packRefusesAnInvalidFolderAndWritesNothing() throws Exception {
        Path plugin = Files.createDirectories(dir.resolve("broken"));
        Files.copy(Path.of(Cli.example("hello-c")).resolve("plugin.wasm"), plugin.resolve("plugin.wasm"));
        Files.writeString(plugin.resolve("plugin.yaml"), "id: Not_Valid\nname: x\nversion: 1.0.0\nsurprise: 1\n");
        Path out = dir.resolve("out.wpkg");
        Cli r = Cli.run("pack", plugin.toString(), "-o", out.toString());
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.out().contains("refused: invalid_manifest"), r.toString());
        assertFalse(Files.exists(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {"c", "rust", "assemblyscript", "wat"})
    void initScaffoldsAManifestAndSchemaTheAgentAccepts(String lang) throws Exception {
        Path plugin = dir.resolve("my-" + lang + "-check");
        Cli r = Cli.run("init", lang, plugin.toString());
        assertEquals(0, r.code(), r.toString());
        String manifest = Files.readString(plugin.resolve("plugin.yaml"));
        assertTrue(manifest.contains("id: my-" + lang + "-check"), manifest);
        assertTrue(Files.isExecutable(plugin.resolve("build.sh")));
        assertFalse(Files.readString(plugin.resolve("build.sh")).contains("@ID@"));
        // The source is not compiled here: a module with the same imports stands in for it.
        Files.copy(Path.of(Cli.example("hello-c")).resolve("plugin.wasm"), plugin.resolve("plugin.wasm"));
        Cli v = Cli.run("validate", plugin.toString());
        assertEquals(0, v.code(), v.toString());
        assertTrue(v.out().contains("config schema: yes"), v.toString());
        Cli run = Cli.run("run", plugin.toString(), "--params", "{\"target\":\"scaffold\"}");
        assertEquals(0, run.code(), run.toString());
        Cli wrongParams = Cli.run("run", plugin.toString(), "--params", "{\"nope\":1}");
        assertEquals(1, wrongParams.code(), "the scaffold's schema refuses unknown params: " + wrongParams);
    }

    @Test
    void initSourcesUseTheSdks() throws Exception {
        Path c = dir.resolve("c");
        assertEquals(0, Cli.run("init", "c", c.toString(), "--id", "hello-x").code());
        assertTrue(Files.readString(c.resolve("check.c")).contains("#include \"warden.h\""));
        if (InitCommand.class.getResource("/sdk/c/warden.h") != null) {
            assertTrue(Files.isRegularFile(c.resolve("warden.h")), "the bundled SDK header is copied");
        }
        Path rust = dir.resolve("rust");
        assertEquals(0, Cli.run("init", "rust", rust.toString()).code());
        assertTrue(Files.readString(rust.resolve("src/check.rs")).contains("warden::entrypoint!"));
    }

    @Test
    void initRefusesBadInput() throws Exception {
        assertEquals(2, Cli.run("init", "cobol", dir.resolve("x").toString()).code());
        assertEquals(2, Cli.run("init", "c", dir.resolve("x").toString(), "--id", "Bad Id").code());
        Files.writeString(Files.createDirectories(dir.resolve("full")).resolve("keep.txt"), "mine");
        assertEquals(1, Cli.run("init", "c", dir.resolve("full").toString()).code());
        assertEquals("mine", Files.readString(dir.resolve("full/keep.txt")));
    }
}
