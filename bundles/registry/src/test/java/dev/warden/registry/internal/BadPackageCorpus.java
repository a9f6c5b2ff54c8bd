package dev.warden.registry.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.zip.Deflater;

/**
 * Writes the committed package corpus: {@code bad/*.wpkg} with {@code bad/expected-errors.properties}
 * (file name to the error code the registry must answer), and {@code good/*.wpkg}. Every bad package
 * breaks exactly one rule of an otherwise good package. Run by {@code packages/regenerate.sh};
 * the output is deterministic.
 */
public final class BadPackageCorpus {

    static final String SERVICERADAR_MANIFEST = """
            id: serviceradar-http
            name: ServiceRadar HTTP check
            version: 0.3.1
            description: Checks an HTTP endpoint (ServiceRadar SDK layout)
            entrypoint: run_check
            runtime: wasi-preview1
            outputs: serviceradar.plugin_result.v1
            capabilities: [get_config, log, submit_result, http_request]
            permissions:
              allowed_domains: [api.example.com]
              allowed_ports: [443]
            resources:
              requested_memory_mb: 32
              requested_cpu_ms: 250
              max_open_connections: 2
            schema_version: 1
            display_contract:
              widgets:
                - kind: status_badge
                  field: status
            source:
              repo: https://github.com/example/serviceradar-http
              commit: 0123456789abcdef
            """;

    static final String WARDEN_MANIFEST = """
            id: warden-tcp
            name: Warden TCP check
            version: 1.0.0-rc.1+build.7
            entrypoint: run_check
            runtime: none
            outputs: serviceradar.plugin_result.v1
            capabilities: [get_config, log, submit_result, tcp_connect]
            permissions:
              allowed_networks: [203.0.113.0/24, "2001:db8::/32"]
              allowed_ports: [22, 443]
              tls_insecure: true
            resources:
              requested_memory_mb: 8
              timeout_ms: 3000
              max_log_bytes: 4096
            """;

    static final String WARDEN_SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "required": ["host", "port"],
              "additionalProperties": false,
              "properties": {
                "host": {"type": "string", "minLength": 1},
                "port": {"type": "integer", "minimum": 1, "maximum": 65535},
                "password": {"type": "string", "writeOnly": true},
                "auth": {
                  "type": "object",
                  "properties": {
                    "user": {"type": "string"},
                    "token": {"type": "string", "format": "password"},
                    "api/key": {"type": "string", "x-secret": true}
                  }
                }
              }
            }
            """;

    private static final int MIB = 1024 * 1024;

    private BadPackageCorpus() {
    }

    /** The good packages, by file name. */
    static Map<String, byte[]> good() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        out.put("serviceradar-http.wpkg", Packages.zip(serviceRadar()));
        out.put("warden-tcp.wpkg", Packages.zip(PackageSigner.signedByTrustedKey(warden())));
        return out;
    }

    static Map<String, byte[]> serviceRadar() {
        return Packages.entries(SERVICERADAR_MANIFEST, Packages.wasm(1));
    }

    static Map<String, byte[]> warden() {
        Map<String, byte[]> entries = Packages.entries(WARDEN_MANIFEST, Packages.wasm(2));
        entries.put(PackageContents.SCHEMA, utf8(WARDEN_SCHEMA));
        return entries;
    }

    /** One good package with one rule broken, each with the code that rule answers. */
    static final class Case {
        final String file;
        final String code;
        final Supplier<byte[]> bytes;

        Case(String file, String code, Supplier<byte[]> bytes) {
            this.file = file;
            this.code = code;
            this.bytes = bytes;
        }
    }

    static Case[] bad() {
        return new Case[] {
            new Case("not-a-zip.wpkg", "not_a_zip", () -> utf8("id: looks-like-yaml\n")),
            new Case("gzip-not-zip.wpkg", "not_a_zip", () -> new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}),
            new Case("truncated.wpkg", "invalid_package", () -> {
                byte[] whole = signedWarden();
                return Arrays.copyOf(whole, whole.length / 2);
            }),
            new Case("truncated-central-directory.wpkg", "invalid_package", () -> {
                byte[] whole = signedWarden();
                return Arrays.copyOf(whole, whole.length - 10);
            }),
            new Case("empty-archive.wpkg", "missing_entry", () -> Packages.zip(Map.of())),
            new Case("zip-slip-parent.wpkg", "unsafe_entry_name", () -> extra("../plugin.yaml")),
            new Case("zip-slip-nested.wpkg", "unsafe_entry_name", () -> extra("docs/../../../etc/cron.d/x")),
            new Case("zip-slip-dot-segment.wpkg", "unsafe_entry_name", () -> extra("./plugin.wasm")),
            new Case("absolute-path.wpkg", "unsafe_entry_name", () -> extra("/etc/passwd")),
            new Case("backslash.wpkg", "unsafe_entry_name", () -> extra("..\\..\\evil.dll")),
            new Case("drive-letter.wpkg", "unsafe_entry_name", () -> extra("C:/evil")),
            new Case("control-character.wpkg", "unsafe_entry_name", () -> extra("evil\u0007.txt")),
            new Case("duplicate-entry.wpkg", "duplicate_entry", () -> {
                Map<String, byte[]> e = serviceRadar();
                e.put("plugin.wasX", Packages.wasm(9));
                return Packages.renameEntry(Packages.zip(e), "plugin.wasX", "plugin.wasm");
            }),
            new Case("seventeen-entries.wpkg", "too_many_entries", () -> {
                Map<String, byte[]> e = serviceRadar();
                for (int i = 0; i < 15; i++) {
                    e.put("docs/page-" + i + ".txt", utf8("page " + i));
                }
                return Packages.zip(e);
            }),
            new Case("oversize-wasm.wpkg", "too_large",
                    () -> Packages.zip(Packages.entries(SERVICERADAR_MANIFEST, sparse(8 * MIB + 4096, 1)))),
            new Case("oversize-total.wpkg", "too_large", () -> {
                Map<String, byte[]> e = serviceRadar();
                e.put("assets/a.bin", sparse(6 * MIB, 2));
                e.put("assets/b.bin", sparse(6 * MIB, 3));
                e.put("assets/c.bin", sparse(6 * MIB, 4));
                return Packages.zip(e);
            }),
            new Case("ratio-bomb.wpkg", "compression_bomb", () -> {
                Map<String, byte[]> e = serviceRadar();
                e.put("assets/zeros.bin", new byte[4 * MIB]);
                return Packages.zip(e);
            }),
            new Case("ratio-bomb-wasm.wpkg", "compression_bomb", () -> {
                byte[] wasm = new byte[3 * MIB];
                System.arraycopy(Packages.wasm(1), 0, wasm, 0, 9);
                return Packages.zip(Packages.entries(SERVICERADAR_MANIFEST, wasm));
            }),
            new Case("missing-yaml.wpkg", "missing_entry", () -> {
                Map<String, byte[]> e = serviceRadar();
                e.remove(PackageContents.MANIFEST);
                return Packages.zip(e);
            }),
            new Case("missing-wasm.wpkg", "missing_entry", () -> {
                Map<String, byte[]> e = serviceRadar();
                e.remove(PackageContents.WASM);
                return Packages.zip(e);
            }),
            new Case("manifest-in-subfolder.wpkg", "missing_entry", () -> {
                Map<String, byte[]> e = new LinkedHashMap<>();
                e.put("pkg/plugin.yaml", utf8(SERVICERADAR_MANIFEST));
                e.put("plugin.wasm", Packages.wasm(1));
                return Packages.zip(e);
            }),
            new Case("yaml-anchor-alias.wpkg", "invalid_manifest", () -> manifest(SERVICERADAR_MANIFEST
                    .replace("permissions:\n", "permissions: &perm\n") + "extra_perm: *perm\n")),
            new Case("yaml-alias-bomb.wpkg", "invalid_manifest", () -> manifest(SERVICERADAR_MANIFEST.replace(
                    "description: Checks an HTTP endpoint (ServiceRadar SDK layout)\n",
                    "description: &a [x, x, x]\n") + "source: {b: [*a, *a, *a]}\n")),
            new Case("yaml-over-256k.wpkg", "too_large",
                    () -> manifest(SERVICERADAR_MANIFEST + "#" + "x".repeat(260 * 1024) + "\n")),
            new Case("yaml-multi-document.wpkg", "invalid_manifest",
                    () -> manifest(SERVICERADAR_MANIFEST + "---\nid: second\n")),
            new Case("yaml-duplicate-key.wpkg", "invalid_manifest", () -> manifest(SERVICERADAR_MANIFEST + "id: other\n")),
            new Case("yaml-not-utf8.wpkg", "invalid_manifest", () -> {
                Map<String, byte[]> e = serviceRadar();
                byte[] yaml = utf8(SERVICERADAR_MANIFEST.replace("(ServiceRadar SDK layout)", "(caf?)"));
                for (int i = 0; i < yaml.length; i++) {
                    if (yaml[i] == '?') {
                        yaml[i] = (byte) 0xE9; // Latin-1 é
                    }
                }
                e.put(PackageContents.MANIFEST, yaml);
                return Packages.zip(e);
            }),
            new Case("yaml-not-a-mapping.wpkg", "invalid_manifest", () -> manifest("- id: x\n- version: 1.0.0\n")),
            new Case("unknown-key.wpkg", "invalid_manifest", () -> manifest(SERVICERADAR_MANIFEST + "homepage: x\n")),
            new Case("unknown-nested-key.wpkg", "invalid_manifest", () -> manifest(SERVICERADAR_MANIFEST
                    .replace("  allowed_ports: [443]\n", "  allowed_ports: [443]\n  allow_all: true\n"))),
            new Case("bad-id.wpkg", "invalid_manifest",
                    () -> manifest(SERVICERADAR_MANIFEST.replace("id: serviceradar-http", "id: ../Evil"))),
            new Case("non-semver-version.wpkg", "invalid_manifest",
                    () -> manifest(SERVICERADAR_MANIFEST.replace("version: 0.3.1", "version: v0.3"))),
            new Case("unknown-capability.wpkg", "invalid_manifest", () -> manifest(SERVICERADAR_MANIFEST
                    .replace("http_request]", "http_request, exec_shell]"))),
            new Case("duplicate-capability.wpkg", "invalid_manifest", () -> manifest(SERVICERADAR_MANIFEST
                    .replace("http_request]", "http_request, log]"))),
            new Case("unknown-output.wpkg", "invalid_manifest", () -> manifest(SERVICERADAR_MANIFEST
                    .replace("serviceradar.plugin_result.v1", "serviceradar.plugin_result.v2"))),
            new Case("bad-runtime.wpkg", "invalid_manifest",
                    () -> manifest(SERVICERADAR_MANIFEST.replace("runtime: wasi-preview1", "runtime: jvm"))),
            new Case("negative-resources.wpkg", "invalid_manifest", () -> manifest(SERVICERADAR_MANIFEST
                    .replace("requested_memory_mb: 32", "requested_memory_mb: -1"))),
            new Case("port-out-of-range.wpkg", "invalid_manifest",
                    () -> manifest(SERVICERADAR_MANIFEST.replace("allowed_ports: [443]", "allowed_ports: [70000]"))),
            new Case("schema-invalid-json.wpkg", "invalid_config_schema", () -> schema("{\"type\": \"object\",}")),
            new Case("schema-duplicate-key.wpkg", "invalid_config_schema",
                    () -> schema("{\"type\": \"object\", \"type\": \"string\"}")),
            new Case("schema-array-root.wpkg", "invalid_config_schema", () -> schema("[{\"type\": \"object\"}]")),
            new Case("schema-string-root.wpkg", "invalid_config_schema", () -> schema("\"object\"")),
            new Case("schema-invalid-keyword.wpkg", "invalid_config_schema",
                    () -> schema("{\"type\": \"objekt\", \"properties\": {\"port\": {\"minimum\": \"one\"}}}")),
            new Case("schema-properties-not-object.wpkg", "invalid_config_schema",
                    () -> schema("{\"type\": \"object\", \"properties\": [\"host\"]}")),
            new Case("schema-unsupported-dialect.wpkg", "invalid_config_schema",
                    () -> schema("{\"$schema\": \"http://json-schema.org/draft-03/schema#\", \"type\": \"object\"}")),
            new Case("schema-remote-ref.wpkg", "invalid_config_schema", () -> schema(
                    "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"https://example.com/evil.json\"}}}")),
            new Case("unsigned-upload.wpkg", "signature_required", () -> Packages.zip(warden())),
            new Case("bad-signature-bytes.wpkg", "bad_signature", () -> {
                Map<String, byte[]> e = warden();
                byte[] sig = PackageSigner.sign(PackageSigner.signedBytes(e.get(PackageContents.MANIFEST),
                        e.get(PackageContents.WASM)), PackageSigner.TRUSTED_PRIVATE);
                sig[10] ^= 1;
                e.put(PackageContents.SIGNATURE, PackageSigner.signatureJson(PackageSigner.TRUSTED_KEY_ID, sig));
                return Packages.zip(e);
            }),
            new Case("untrusted-key.wpkg", "untrusted_key", () -> Packages.zip(PackageSigner.signed(warden(),
                    PackageSigner.OTHER_KEY_ID, PackageSigner.OTHER_PRIVATE))),
            new Case("trusted-key-id-other-key.wpkg", "bad_signature", () -> Packages.zip(PackageSigner.signed(warden(),
                    PackageSigner.TRUSTED_KEY_ID, PackageSigner.OTHER_PRIVATE))),
            new Case("signature-over-other-wasm.wpkg", "bad_signature", () -> {
                Map<String, byte[]> signed = PackageSigner.signedByTrustedKey(warden());
                signed.put(PackageContents.WASM, Packages.wasm(99));
                return Packages.zip(signed);
            }),
            new Case("signature-over-other-manifest.wpkg", "bad_signature", () -> {
                Map<String, byte[]> signed = PackageSigner.signedByTrustedKey(warden());
                signed.put(PackageContents.MANIFEST, utf8(WARDEN_MANIFEST.replace("[22, 443]", "[22, 443, 3389]")));
                return Packages.zip(signed);
            }),
            new Case("signature-malformed.wpkg", "bad_signature", () -> {
                Map<String, byte[]> e = warden();
                e.put(PackageContents.SIGNATURE, utf8("{\"key_id\":\"test-key\",\"algorithm\":\"rsa\",\"signature\":\"AA==\"}"));
                return Packages.zip(e);
            }),
            new Case("invalid-wasm-bytes.wpkg", "invalid_module", () -> {
                Map<String, byte[]> e = warden();
                e.put(PackageContents.WASM, utf8("#!/bin/sh\nrm -rf /\n"));
                return Packages.zip(PackageSigner.signedByTrustedKey(e));
            }),
        };
    }

    private static byte[] signedWarden() {
        return Packages.zip(PackageSigner.signedByTrustedKey(warden()));
    }

    private static byte[] extra(String name) {
        Map<String, byte[]> e = serviceRadar();
        e.put(name, utf8("payload"));
        return Packages.zip(e);
    }

    private static byte[] manifest(String yaml) {
        Map<String, byte[]> e = serviceRadar();
        e.put(PackageContents.MANIFEST, utf8(yaml));
        return Packages.zip(e);
    }

    private static byte[] schema(String json) {
        Map<String, byte[]> e = warden();
        e.put(PackageContents.SCHEMA, utf8(json));
        return Packages.zip(PackageSigner.signedByTrustedKey(e));
    }

    /**
     * Bytes that deflate well but stay under the bomb ratio: one random byte, then a run of zeros,
     * so only the size caps can refuse them.
     */
    static byte[] sparse(int size, long seed) {
        byte[] out = new byte[size];
        Random random = new Random(seed);
        for (int i = 0; i < size; i += 200) {
            out[i] = (byte) (1 + random.nextInt(255));
        }
        System.arraycopy(Packages.wasm(1), 0, out, 0, 9);
        return out;
    }

    static int deflateRatio(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        byte[] buf = new byte[64 * 1024];
        long compressed = 0;
        while (!deflater.finished()) {
            compressed += deflater.deflate(buf);
        }
        deflater.end();
        return (int) (data.length / Math.max(1, compressed));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Seeds for the Jazzer fuzz tests, in the folders Jazzer's JUnit integration reads. */
    private static void writeFuzzSeeds(Path resources) throws IOException {
        Path base = resources.resolve("dev/warden/registry/internal");
        Path install = base.resolve(
                "PackageInstallFuzzTestInputs/installNeverThrowsAnythingButInvalidPluginAndNeverStalls");
        Path manifest = base.resolve("ManifestFuzzTestInputs/manifestAndSchemaParsingOnlyRefuseWithInvalidPlugin");
        Files.createDirectories(install);
        Files.createDirectories(manifest);
        for (Map.Entry<String, byte[]> e : good().entrySet()) {
            Files.write(install.resolve(e.getKey()), e.getValue());
        }
        for (Case c : bad()) {
            if (c.file.equals("duplicate-entry.wpkg") || c.file.equals("signature-over-other-wasm.wpkg")) {
                Files.write(install.resolve(c.file), c.bytes.get());
            }
        }
        Files.write(manifest.resolve("serviceradar.yaml"), utf8(SERVICERADAR_MANIFEST));
        Files.write(manifest.resolve("warden.yaml"), utf8(WARDEN_MANIFEST));
        Files.write(manifest.resolve("schema.json"), utf8(WARDEN_SCHEMA));
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : "src/test/resources/packages");
        Path bad = root.resolve("bad");
        Path good = root.resolve("good");
        for (Path dir : new Path[] {bad, good}) {
            Files.createDirectories(dir);
            try (var old = Files.list(dir)) {
                for (Path p : (Iterable<Path>) old::iterator) {
                    Files.delete(p);
                }
            }
        }
        try (Writer expected = Files.newBufferedWriter(bad.resolve("expected-errors.properties"))) {
            expected.write("# package file = error code the registry answers (written by BadPackageCorpus)\n");
            for (Case c : bad()) {
                Files.write(bad.resolve(c.file), c.bytes.get());
                expected.write(c.file + "=" + c.code + "\n");
            }
        }
        for (Map.Entry<String, byte[]> e : good().entrySet()) {
            Files.write(good.resolve(e.getKey()), e.getValue());
        }
        writeFuzzSeeds(root.getParent());
        System.out.println("Wrote " + bad().length + " bad and " + good().size() + " good packages under " + root);
    }
}
