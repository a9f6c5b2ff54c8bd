package dev.warden.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a plugin package (DESIGN.md §3: {@code plugin.yaml} + {@code plugin.wasm}, optionally
 * {@code config.schema.json} and {@code signature.json}) in memory from a Wasm fixture under
 * {@code /wasm} on the test class path, as a zip or as a {@code Warden-Plugin} bundle.
 */
final class PluginZip {

    private final String id;
    private String version = "1.0.0";
    private String wasmFixture;
    private List<String> capabilities = List.of("get_config", "log", "submit_result");
    private int memoryMb = 16;
    private long timeoutMs = 5000;
    private String runtime = "none";
    private List<String> allowedDomains = List.of();
    private List<Integer> allowedPorts = List.of();
    private List<String> allowedNetworks = List.of();
    private String extraManifest = "";
    private String configSchema;
    private PackageSigner signer;
    private String shippedWasmFixture;
    private final Map<String, byte[]> overrides = new LinkedHashMap<>();

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

    /** {@code none} (the default) or {@code wasi-preview1}. */
    PluginZip runtime(String name) {
        this.runtime = name;
        return this;
    }

    /** Network permissions the manifest requests. */
    PluginZip permissions(List<String> domains, List<Integer> ports) {
        this.allowedDomains = List.copyOf(domains);
        this.allowedPorts = List.copyOf(ports);
        return this;
    }

    /** CIDR networks the manifest requests ({@code allowed_networks}); loopback needs one explicitly. */
    PluginZip networks(String... cidrs) {
        this.allowedNetworks = List.of(cidrs);
        return this;
    }

    /** Raw YAML appended to the manifest, e.g. a key the schema does not know. */
    PluginZip extraManifest(String yaml) {
        this.extraManifest = yaml;
        return this;
    }

    /** Ships a {@code config.schema.json}. */
    PluginZip configSchema(String json) {
        this.configSchema = json;
        return this;
    }

    /** Ships a {@code signature.json} by this signer over the manifest and the module. */
    PluginZip signedBy(PackageSigner s) {
        this.signer = s;
        return this;
    }

    /** Signs the module named by {@link #wasm} but ships another one: a tampered package. */
    PluginZip shipInsteadOfSigned(String fixture) {
        this.shippedWasmFixture = fixture;
        return this;
    }

    /** Ships this content under this entry name, in place of what the builder would put there. */
    PluginZip withEntry(String name, byte[] content) {
        overrides.put(name, content);
        return this;
    }

    String manifest() {
        StringBuilder m = new StringBuilder()
                .append("id: ").append(id).append('\n')
                .append("name: Itest ").append(id).append('\n')
                .append("version: ").append(version).append('\n')
                .append("entrypoint: run_check\n")
                .append("runtime: ").append(runtime).append('\n')
                .append("outputs: serviceradar.plugin_result.v1\n")
                .append("capabilities: [").append(String.join(", ", capabilities)).append("]\n");
        if (!allowedDomains.isEmpty() || !allowedPorts.isEmpty() || !allowedNetworks.isEmpty()) {
            m.append("permissions:\n")
                    .append("  allowed_domains: [").append(quoted(allowedDomains)).append("]\n")
                    .append("  allowed_networks: [").append(quoted(allowedNetworks)).append("]\n")
                    .append("  allowed_ports: [")
                    .append(String.join(", ", allowedPorts.stream().map(String::valueOf).toList())).append("]\n");
        }
        return m.append("resources:\n")
                .append("  requested_memory_mb: ").append(memoryMb).append('\n')
                .append("  timeout_ms: ").append(timeoutMs).append('\n')
                .append(extraManifest)
                .toString();
    }

    /** YAML flow items, quoted: {@code *.example.org} and {@code ::1/128} are no plain scalars. */
    private static String quoted(List<String> items) {
        return String.join(", ", items.stream().map(i -> '"' + i + '"').toList());
    }

    /** The package entries, name to content, in the order they are zipped. */
    Map<String, byte[]> entries() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        String manifest = manifest();
        entries.put("plugin.yaml", manifest.getBytes(StandardCharsets.UTF_8));
        entries.put("plugin.wasm", wasmBytes(shippedWasmFixture == null ? wasmFixture : shippedWasmFixture));
        if (configSchema != null) {
            entries.put("config.schema.json", configSchema.getBytes(StandardCharsets.UTF_8));
        }
        if (signer != null) {
            entries.put("signature.json", signer.signatureJson(manifest, wasmBytes(wasmFixture)));
        }
        entries.putAll(overrides);
        return entries;
    }

    byte[] bytes() {
        var out = new ByteArrayOutputStream();
        try (var zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries().entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The package as an OSGi bundle for the registry's extender: the entries under {@code plugin/}
     * and {@code Warden-Plugin: plugin/plugin.yaml} in the manifest.
     */
    byte[] bundleBytes(String symbolicName, String bundleVersion) {
        Manifest mf = new Manifest();
        Attributes main = mf.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", bundleVersion);
        main.putValue("Warden-Plugin", "plugin/plugin.yaml");
        var out = new ByteArrayOutputStream();
        try (var jar = new JarOutputStream(out, mf)) {
            for (Map.Entry<String, byte[]> e : entries().entrySet()) {
                jar.putNextEntry(new ZipEntry("plugin/" + e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
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
