package dev.warden.itests;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * One checker of {@code examples/}, as the itests run it: {@code plugin.yaml} and the optional
 * {@code config.schema.json} from {@code examples/<name>}, {@code plugin.wasm} as built from
 * source by this build ({@code itests/guest-build.sh} into {@code target/guest/<name>}), never the
 * committed one. Its manifest tells the test which ports and networks may be granted.
 */
final class GuestExample {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final String name;
    private final Path source;
    private final Path wasm;
    private final JsonNode manifest;

    private GuestExample(String name, Path source, Path wasm, JsonNode manifest) {
        this.name = name;
        this.source = source;
        this.wasm = wasm;
        this.manifest = manifest;
    }

    /** The example {@code name}, failing with what is missing when it or its fresh build is not there. */
    static GuestExample of(String name) throws IOException {
        Path examples = Path.of(required("warden.itest.examples"));
        Path guest = Path.of(required("warden.itest.guest"));
        Path source = examples.resolve(name);
        Path manifest = source.resolve("plugin.yaml");
        if (!Files.isRegularFile(manifest)) {
            throw new AssertionError("example " + name + " does not exist: no " + manifest);
        }
        Path wasm = guest.resolve(name).resolve("plugin.wasm");
        if (!Files.isRegularFile(wasm)) {
            throw new AssertionError("example " + name + " was not built from source: no " + wasm
                    + " (examples/build-all.sh --out " + guest + " must write it)");
        }
        return new GuestExample(name, source, wasm, YAML.readTree(manifest.toFile()));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new AssertionError("system property " + property + " is not set (run through 'mvn verify')");
        }
        return value;
    }

    String name() {
        return name;
    }

    String id() {
        return manifest.path("id").asText();
    }

    List<String> capabilities() {
        return texts(manifest.path("capabilities"));
    }

    List<Integer> requestedPorts() {
        List<Integer> ports = new ArrayList<>();
        manifest.path("permissions").path("allowed_ports").forEach(p -> ports.add(p.asInt()));
        return ports;
    }

    List<String> requestedNetworks() {
        return texts(manifest.path("permissions").path("allowed_networks"));
    }

    List<String> requestedDomains() {
        return texts(manifest.path("permissions").path("allowed_domains"));
    }

    /** The fresh build's bytes. */
    byte[] wasm() throws IOException {
        return Files.readAllBytes(wasm);
    }

    /** The package: the example's plugin.yaml (and config.schema.json) with the fresh plugin.wasm. */
    InputStream zip() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            entry(out, "plugin.yaml", Files.readAllBytes(source.resolve("plugin.yaml")));
            entry(out, "plugin.wasm", wasm());
            Path schema = source.resolve("config.schema.json");
            if (Files.isRegularFile(schema)) {
                entry(out, "config.schema.json", Files.readAllBytes(schema));
            }
        }
        return new ByteArrayInputStream(bytes.toByteArray());
    }

    private static void entry(ZipOutputStream out, String name, byte[] content) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(content);
        out.closeEntry();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public String toString() {
        return name + " (" + wasm + ")";
    }
}
