package dev.warden.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Signed plugin packages made the way a plugin author makes them: with the distribution's own
 * {@code tools/warden-plugin} (keygen, sign), from the hello-c example's module with a manifest of
 * the test's choosing. The agent under test trusts only the key made here.
 */
final class PluginPackages {

    static final String KEY_ID = "warden-it";

    private final Path dir;
    private final String trustedKeysEntry;

    private PluginPackages(Path dir, String trustedKeysEntry) {
        this.dir = dir;
        this.trustedKeysEntry = trustedKeysEntry;
    }

    /** Makes a fresh Ed25519 key pair in {@code dir}. */
    static PluginPackages withNewKey(Path dir) throws IOException, InterruptedException {
        String out = tool(dir, "keygen", KEY_ID, "-o", dir.toString());
        String entry = out.lines().map(String::trim).filter(l -> l.startsWith(KEY_ID + "=")).findFirst()
                .orElseThrow(() -> new IllegalStateException("keygen printed no trusted_keys entry:\n" + out));
        return new PluginPackages(dir, entry);
    }

    /**
     * Makes the agent's registry trust only this key (uploads still need a signature), through a
     * FileInstall configuration in the home's {@code load/} that applies on start.
     */
    void trustIn(Path home) throws IOException {
        Path load = Files.createDirectories(home.resolve("load"));
        Files.writeString(load.resolve("dev.warden.registry.cfg"),
                "require_signature=true\ntrusted_keys=" + trustedKeysEntry + "\n", StandardCharsets.UTF_8);
    }

    /**
     * A signed package of the hello-c module under another id and display name; {@code name} is
     * written as a double-quoted YAML string, so it may hold markup.
     */
    Path helloPackage(String id, String name) throws IOException, InterruptedException {
        Path source = examples().resolve("hello-c");
        Path plugin = Files.createDirectories(dir.resolve(id));
        Files.copy(source.resolve("plugin.wasm"), plugin.resolve("plugin.wasm"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        String manifest = Files.readString(source.resolve("plugin.yaml"), StandardCharsets.UTF_8)
                .replaceFirst("(?m)^id: .*$", "id: " + id)
                .replaceFirst("(?m)^name: .*$", "name: \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        Files.writeString(plugin.resolve("plugin.yaml"), manifest, StandardCharsets.UTF_8);
        Path wpkg = dir.resolve(id + ".wpkg");
        tool(dir, "sign", plugin.toString(), "--key", dir.resolve(KEY_ID + ".pem").toString(), "--key-id", KEY_ID,
                "-o", wpkg.toString());
        return wpkg;
    }

    private static Path examples() {
        String examples = System.getProperty("warden.examples");
        if (examples == null || examples.isBlank()) {
            throw new IllegalStateException("system property warden.examples is not set (run through failsafe)");
        }
        return Path.of(examples);
    }

    private static String tool(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(WardenProcess.distribution().resolve("tools/warden-plugin").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        ProcessHandle.current().info().command().ifPresent(java -> builder.environment().put("JAVA", java));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("warden-plugin " + String.join(" ", args) + " did not finish");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("warden-plugin " + String.join(" ", args) + " exited " + process.exitValue()
                    + ":\n" + output);
        }
        return output;
    }
}
