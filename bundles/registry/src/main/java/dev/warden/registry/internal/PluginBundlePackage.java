package dev.warden.registry.internal;

import dev.warden.api.InvalidPluginException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Turns a plugin carried by a bundle into a package zip, so it goes through exactly the same
 * validation as an upload. The header {@code Warden-Plugin} names the {@code plugin.yaml} inside
 * the bundle (several separated by commas); {@code plugin.wasm} and the optional
 * {@code config.schema.json} and {@code signature.json} are read from the same folder.
 */
final class PluginBundlePackage {

    static final String HEADER = "Warden-Plugin";

    /** Generous: the registry applies the configured caps; this only bounds what is read into memory. */
    static final long MAX_ENTRY_BYTES = 64L * 1024 * 1024;

    private PluginBundlePackage() {
    }

    /** The manifest paths the header names; empty when the bundle carries no plugin. */
    static List<String> manifestPaths(String header) {
        if (header == null) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The package zip for one manifest path of a bundle. */
    static byte[] pack(BundleEntries bundle, String manifestPath) throws InvalidPluginException {
        String path = manifestPath.startsWith("/") ? manifestPath.substring(1) : manifestPath;
        if (path.isEmpty() || path.endsWith("/") || path.contains("\\")
                || Arrays.asList(path.split("/")).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
            throw new InvalidPluginException("invalid_package", HEADER,
                    "'" + manifestPath + "' is not a plain path inside the bundle");
        }
        String dir = path.contains("/") ? path.substring(0, path.lastIndexOf('/') + 1) : "";
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(PackageContents.MANIFEST, required(bundle, path));
        entries.put(PackageContents.WASM, required(bundle, dir + PackageContents.WASM));
        optional(bundle, dir + PackageContents.SCHEMA, PackageContents.SCHEMA, entries);
        optional(bundle, dir + PackageContents.SIGNATURE, PackageContents.SIGNATURE, entries);
        return zip(entries);
    }

    private static byte[] required(BundleEntries bundle, String path) throws InvalidPluginException {
        byte[] bytes = read(bundle, path);
        if (bytes == null) {
            throw new InvalidPluginException("invalid_package", path, path + " is missing from bundle "
                    + bundle.symbolicName());
        }
        return bytes;
    }

    private static void optional(BundleEntries bundle, String path, String name, Map<String, byte[]> entries)
            throws InvalidPluginException {
        byte[] bytes = read(bundle, path);
        if (bytes != null) {
            entries.put(name, bytes);
        }
    }

    private static byte[] read(BundleEntries bundle, String path) throws InvalidPluginException {
        try {
            return bundle.entry(path, MAX_ENTRY_BYTES);
        } catch (IOException e) {
            throw new InvalidPluginException(e instanceof BundleEntries.TooLarge ? "too_large" : "invalid_package", path,
                    path + " cannot be read from bundle " + bundle.symbolicName() + ": " + e.getMessage());
        }
    }

    /** Stored, not deflated: nothing to gain in memory, and no compression ratio to look suspicious. */
    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(e.getValue().length);
                entry.setCompressedSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new IllegalStateException("in-memory zip failed", e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }
}
