package dev.warden.tool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The files of a plugin, from a plugin folder or a package zip, and the package zip made of them.
 * Only the four entries the agent reads are taken from a folder; the zip is byte-for-byte the same
 * for the same files (fixed order and timestamps), so packing twice gives the same package.
 */
record PluginFiles(Path source, boolean folder, Map<String, byte[]> entries, byte[] originalZip) {

    static final String MANIFEST = "plugin.yaml";
    static final String WASM = "plugin.wasm";
    static final String SCHEMA = "config.schema.json";
    static final String SIGNATURE = "signature.json";
    static final List<String> ENTRIES = List.of(MANIFEST, WASM, SCHEMA, SIGNATURE);

    private static final FileTime FIXED_TIME = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));

    /** A plugin folder or a package file; a missing required file is left for the agent's checks to name. */
    static PluginFiles load(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            for (String name : ENTRIES) {
                Path f = path.resolve(name);
                if (Files.isRegularFile(f)) {
                    entries.put(name, Files.readAllBytes(f));
                }
            }
            return new PluginFiles(path, true, entries, null);
        }
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + " is neither a plugin folder nor a package file");
        }
        byte[] zip = Files.readAllBytes(path);
        return new PluginFiles(path, false, readZip(zip), zip);
    }

    /** The bytes the agent would receive: the original package file, or the folder zipped. */
    byte[] packageBytes() {
        return originalZip != null ? originalZip : zip(entries);
    }

    byte[] get(String name) {
        return entries.get(name);
    }

    PluginFiles with(String name, byte[] bytes) {
        Map<String, byte[]> next = new LinkedHashMap<>(entries);
        next.put(name, bytes);
        return new PluginFiles(source, folder, next, null);
    }

    PluginFiles without(String name) {
        Map<String, byte[]> next = new LinkedHashMap<>(entries);
        next.remove(name);
        return new PluginFiles(source, folder, next, null);
    }

    /** The known entries in a fixed order; other entries of a package are dropped. */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (String name : ENTRIES) {
                byte[] bytes = entries.get(name);
                if (bytes == null) {
                    continue;
                }
                ZipEntry e = new ZipEntry(name);
                e.setLastModifiedTime(FIXED_TIME);
                zip.putNextEntry(e);
                zip.write(bytes);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * The known entries of a zip, read leniently: the agent's reader (with its caps) has the final
     * word when the package is validated; this only gets the files for signing or running.
     */
    static Map<String, byte[]> readZip(byte[] zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (ENTRIES.contains(e.getName())) {
                    entries.put(e.getName(), in.readNBytes(64 * 1024 * 1024));
                }
            }
        } catch (IllegalArgumentException e) {
            throw new IOException("not a readable zip: " + e.getMessage(), e);
        }
        return entries;
    }
}
