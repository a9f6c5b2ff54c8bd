package dev.warden.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a plugin package (DESIGN.md §3: {@code plugin.yaml} + {@code plugin.wasm}) in memory
 * from a Wasm fixture under {@code /wasm} on the test class path.
 */
final class PluginZip {

    private final String id;
    private String version = "1.0.0";
    private String wasmFixture;
    private List<String> capabilities = List.of("get_config", "log", "submit_result");
    private int memoryMb = 16;
    private long timeoutMs = 5000;

    private PluginZip(String id) {
        this.id = id;
        this.wasmFixture = id;
    }

    /** A package with the given id, running {@code /wasm/<id>.wasm} unless {@link #wasm} says otherwise. */
    static PluginZip plugin(String id) {
        return new PluginZip(id);
    }

    String id() {
        return id;
    }

    PluginZip version(String v) {
        this.version = v;
        return this;
    }

    /** The fixture's base name, e.g. {@code hello-v2} for {@code /wasm/hello-v2.wasm}. */
    PluginZip wasm(String fixture) {
        this.wasmFixture = fixture;
        return this;
    }

    PluginZip capabilities(String... names) {
        this.capabilities = List.of(names);
        return this;
    }

    PluginZip memoryMb(int mb) {
        this.memoryMb = mb;
        return this;
    }

    PluginZip timeoutMs(long ms) {
        this.timeoutMs = ms;
        return this;
    }

    String manifest() {
        return "id: " + id + "\n"
                + "name: Itest " + id + "\n"
                + "version: " + version + "\n"
                + "entrypoint: run_check\n"
                + "runtime: none\n"
                + "outputs: serviceradar.plugin_result.v1\n"
                + "capabilities: [" + String.join(", ", capabilities) + "]\n"
                + "resources:\n"
                + "  requested_memory_mb: " + memoryMb + "\n"
                + "  timeout_ms: " + timeoutMs + "\n";
    }

    byte[] bytes() {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("plugin.yaml"));
            zip.write(manifest().getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("plugin.wasm"));
            zip.write(wasmBytes(wasmFixture));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    InputStream stream() {
        return new ByteArrayInputStream(bytes());
    }

    static byte[] wasmBytes(String fixture) {
        String path = "/wasm/" + fixture + ".wasm";
        try (InputStream in = PluginZip.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
