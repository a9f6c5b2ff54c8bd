package dev.warden.registry.internal;

import dev.warden.api.PluginPackage;
import dev.warden.api.dto.PluginInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One installed version in its store folder. The module is read from disk on demand and checked
 * against the recorded hash every time, so a file changed behind the registry's back is never run.
 */
final class StoredPackage implements PluginPackage {

    private final Path dir;
    private final PluginInfo info;
    private final String schema;

    StoredPackage(Path dir, PluginInfo info, String schema) {
        this.dir = dir;
        this.info = info;
        this.schema = schema;
    }

    Path dir() {
        return dir;
    }

    @Override
    public PluginInfo info() {
        return info;
    }

    @Override
    public byte[] wasm() throws IOException {
        Path file = dir.resolve(PackageContents.WASM);
        if (Files.size(file) != info.wasmSize()) {
            throw new IOException(describe() + ": stored plugin.wasm has the wrong size");
        }
        byte[] bytes = Files.readAllBytes(file);
        if (!Sha256.hex(bytes).equals(info.sha256())) {
            throw new IOException(describe() + ": stored plugin.wasm does not match its SHA-256");
        }
        return bytes;
    }

    @Override
    public Optional<String> configSchema() {
        return Optional.ofNullable(schema);
    }

    private String describe() {
        return info.id() + " " + info.version();
    }

    @Override
    public String toString() {
        return "StoredPackage[" + describe() + " at " + dir + "]";
    }
}
