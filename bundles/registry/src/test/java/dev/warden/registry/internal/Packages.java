package dev.warden.registry.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Builds package zips for tests. */
final class Packages {

    private static final LocalDateTime FIXED_TIME = LocalDateTime.of(2026, 1, 1, 0, 0);

    /** A minimal valid module: the 8-byte Wasm header, plus a marker so contents can differ. */
    static byte[] wasm(int marker) {
        return new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0, (byte) marker};
    }

    static String manifest(String id, String version) {
        return """
                id: %s
                name: Test plugin
                version: %s
                entrypoint: run_check
                runtime: wasi-preview1
                outputs: serviceradar.plugin_result.v1
                capabilities: [get_config, log, submit_result]
                permissions:
                  allowed_domains: [api.example.com]
                  allowed_ports: [443]
                resources:
                  requested_memory_mb: 16
                  timeout_ms: 5000
                """.formatted(id, version);
    }

    static byte[] plugin(String id, String version, int marker) {
        return zip(entries(manifest(id, version), wasm(marker)));
    }

    static Map<String, byte[]> entries(String manifest, byte[] wasm) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("plugin.yaml", manifest.getBytes(StandardCharsets.UTF_8));
        entries.put("plugin.wasm", wasm);
        return entries;
    }

    static byte[] zip(Map<String, byte[]> entries) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    ZipEntry entry = new ZipEntry(e.getKey());
                    entry.setTimeLocal(FIXED_TIME); // reproducible bytes for committed fixtures
                    zip.putNextEntry(entry);
                    zip.write(e.getValue());
                    zip.closeEntry();
                }
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites every occurrence of one entry name (same length) in the raw zip bytes. */
    static byte[] renameEntry(byte[] zip, String from, String to) {
        byte[] f = from.getBytes(StandardCharsets.US_ASCII);
        byte[] t = to.getBytes(StandardCharsets.US_ASCII);
        byte[] out = zip.clone();
        for (int i = 0; i <= out.length - f.length; i++) {
            boolean match = true;
            for (int j = 0; j < f.length && match; j++) {
                match = out[i + j] == f[j];
            }
            if (match) {
                System.arraycopy(t, 0, out, i, t.length);
            }
        }
        return out;
    }

    private Packages() {
    }
}
