package dev.warden.registry.internal;

import dev.warden.api.InvalidPluginException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Unpacks a package zip into memory with every limit enforced while reading: the raw stream, the
 * number of entries, each entry and the inflated total are counted as bytes arrive, so a forged
 * size header or a zip bomb costs at most the configured caps. Entry names are never used as
 * paths, but unsafe ones are still refused: a package carrying them was not made by our tools.
 */
final class PackageReader {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] EMPTY_ZIP_MAGIC = {'P', 'K', 5, 6};
    private static final int MAX_NAME_LENGTH = 255;

    private final PackageLimits limits;

    /** Inflated bytes of one package so far (a reader may serve several installs at once). */
    private static final class Inflated {
        long bytes;
    }

    PackageReader(PackageLimits limits) {
        this.limits = limits;
    }

    PackageContents read(InputStream in) throws InvalidPluginException {
        byte[] raw = readCapped(in);
        if (!startsWith(raw, ZIP_MAGIC) && !startsWith(raw, EMPTY_ZIP_MAGIC)) {
            throw new InvalidPluginException("not_a_zip", "the package is not a zip archive");
        }
        Map<String, byte[]> entries = new HashMap<>();
        Set<String> names = new HashSet<>();
        Inflated inflated = new Inflated();
        int count = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(raw))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++count > limits.maxEntries()) {
                    throw new InvalidPluginException("invalid_package",
                            "the package has more than " + limits.maxEntries() + " entries");
                }
                String name = entry.getName();
                checkName(name);
                if (!names.add(name)) {
                    throw new InvalidPluginException("invalid_package", name, "duplicate entry " + name);
                }
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] bytes = readEntry(zip, name, inflated);
                if (bytes != null) {
                    entries.put(name, bytes);
                }
            }
        } catch (IOException e) {
            throw new InvalidPluginException("invalid_package", "the zip archive is damaged: " + e.getMessage());
        }
        byte[] manifest = required(entries, PackageContents.MANIFEST);
        byte[] wasm = required(entries, PackageContents.WASM);
        return new PackageContents(manifest, wasm, entries.get(PackageContents.SCHEMA),
                entries.get(PackageContents.SIGNATURE));
    }

    private byte[] readCapped(InputStream in) throws InvalidPluginException {
        try {
            byte[] raw = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.packageBytes() + 1));
            if (raw.length > limits.packageBytes()) {
                throw new InvalidPluginException("too_large",
                        "the package exceeds " + limits.packageBytes() + " bytes");
            }
            return raw;
        } catch (IOException e) {
            throw new InvalidPluginException("invalid_package", "the package could not be read: " + e.getMessage());
        }
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    static void checkName(String name) throws InvalidPluginException {
        String reason = null;
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            reason = "empty or overlong entry name";
        } else if (name.startsWith("/") || name.contains("\\") || name.contains(":")) {
            reason = "absolute or non-portable entry name " + name;
        } else if (name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            reason = "control character in entry name";
        } else {
            for (String segment : name.split("/", -1)) {
                if (segment.equals("..") || segment.equals(".")) {
                    reason = "relative path segment in entry name " + name;
                    break;
                }
            }
        }
        if (reason != null) {
            throw new InvalidPluginException("invalid_package", name, reason);
        }
    }

    private long capFor(String name) {
        return switch (name) {
            case PackageContents.WASM -> limits.wasmBytes();
            case PackageContents.MANIFEST -> limits.manifestBytes();
            case PackageContents.SCHEMA -> limits.schemaBytes();
            case PackageContents.SIGNATURE -> limits.signatureBytes();
            default -> Long.MAX_VALUE;
        };
    }

    private static boolean isKnown(String name) {
        return switch (name) {
            case PackageContents.WASM, PackageContents.MANIFEST, PackageContents.SCHEMA, PackageContents.SIGNATURE ->
                true;
            default -> false;
        };
    }

    /** Reads one entry; returns null for entries Warden does not use (they still count toward the total). */
    private byte[] readEntry(ZipInputStream zip, String name, Inflated inflated)
            throws IOException, InvalidPluginException {
        long entryCap = capFor(name);
        boolean keep = isKnown(name);
        ByteArrayOutputStream out = keep ? new ByteArrayOutputStream() : null;
        byte[] buf = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = zip.read(buf)) > 0) {
            total += n;
            inflated.bytes += n;
            if (total > entryCap) {
                throw new InvalidPluginException("too_large", name,
                        name + " is larger than " + entryCap + " bytes");
            }
            if (inflated.bytes > limits.packageBytes()) {
                throw new InvalidPluginException("too_large", name,
                        "the inflated package is larger than " + limits.packageBytes() + " bytes");
            }
            if (keep) {
                out.write(buf, 0, n);
            }
        }
        return keep ? out.toByteArray() : null;
    }

    private static byte[] required(Map<String, byte[]> entries, String name) throws InvalidPluginException {
        byte[] bytes = entries.get(name);
        if (bytes == null) {
            throw new InvalidPluginException("invalid_package", name, "the package has no " + name);
        }
        return bytes;
    }
}
