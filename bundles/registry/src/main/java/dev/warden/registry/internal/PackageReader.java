package dev.warden.registry.internal;

import dev.warden.api.InvalidPluginException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
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
 * number of entries, each entry, its compression ratio and the inflated total are counted as bytes
 * arrive, so a forged size header or a zip bomb costs at most the configured caps. Entry names are
 * never used as paths, but unsafe ones are still refused: a package carrying them was not made by
 * our tools, and other tools that unpack it could be fooled.
 *
 * <p>Error codes: {@code not_a_zip}, {@code invalid_package} (damaged or truncated),
 * {@code unsafe_entry_name}, {@code duplicate_entry}, {@code too_many_entries}, {@code too_large},
 * {@code compression_bomb}, {@code missing_entry}.
 */
final class PackageReader {

    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final byte[] END_OF_CENTRAL_DIRECTORY = {'P', 'K', 5, 6};
    private static final int END_RECORD_BYTES = 22;
    private static final int MAX_COMMENT = 0xffff;
    private static final int MAX_NAME_LENGTH = 255;

    private final PackageLimits limits;

    /** Bytes taken from the raw archive so far: the compressed side of the ratio. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count += skipped;
            return skipped;
        }
    }

    PackageReader(PackageLimits limits) {
        this.limits = limits;
    }

    PackageLimits limits() {
        return limits;
    }

    PackageContents read(InputStream in) throws InvalidPluginException {
        byte[] raw = readCapped(in);
        if (!startsWith(raw, ZIP_MAGIC) && !startsWith(raw, END_OF_CENTRAL_DIRECTORY)) {
            throw new InvalidPluginException("not_a_zip", "the package is not a zip archive");
        }
        if (!hasEndRecord(raw)) {
            throw new InvalidPluginException("invalid_package", "the zip archive is truncated (no end record)");
        }
        Map<String, byte[]> entries = new HashMap<>();
        Set<String> names = new HashSet<>();
        long[] inflatedTotal = {0};
        int count = 0;
        CountingStream counting = new CountingStream(new ByteArrayInputStream(raw));
        try (ZipInputStream zip = new ZipInputStream(counting)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++count > limits.maxEntries()) {
                    throw new InvalidPluginException("too_many_entries",
                            "the package has more than " + limits.maxEntries() + " entries");
                }
                String name = entry.getName();
                checkName(name);
                if (!names.add(name)) {
                    throw new InvalidPluginException("duplicate_entry", name, "duplicate entry " + name);
                }
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] bytes = readEntry(zip, name, counting, inflatedTotal);
                if (bytes != null) {
                    entries.put(name, bytes);
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // ZipInputStream throws IllegalArgumentException for names that are not valid UTF-8.
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
        return indexAt(data, prefix, 0);
    }

    private static boolean indexAt(byte[] data, byte[] pattern, int at) {
        if (at < 0 || data.length - at < pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (data[at + i] != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * A streaming reader stops at the central directory and would accept an archive cut off after
     * its last entry; a whole zip ends with an end-of-central-directory record whose comment
     * reaches exactly to the end.
     */
    private static boolean hasEndRecord(byte[] raw) {
        int lowest = Math.max(0, raw.length - END_RECORD_BYTES - MAX_COMMENT);
        for (int at = raw.length - END_RECORD_BYTES; at >= lowest; at--) {
            if (indexAt(raw, END_OF_CENTRAL_DIRECTORY, at)) {
                int commentLength = (raw[at + 20] & 0xff) | (raw[at + 21] & 0xff) << 8;
                if (at + END_RECORD_BYTES + commentLength == raw.length) {
                    return true;
                }
            }
        }
        return false;
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
            throw new InvalidPluginException("unsafe_entry_name", name, reason);
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
    private byte[] readEntry(ZipInputStream zip, String name, CountingStream raw, long[] inflatedTotal)
            throws IOException, InvalidPluginException {
        long entryCap = capFor(name);
        boolean keep = isKnown(name);
        ByteArrayOutputStream out = keep ? new ByteArrayOutputStream() : null;
        byte[] buf = new byte[16 * 1024];
        long compressedStart = raw.count;
        long total = 0;
        int n;
        while ((n = zip.read(buf)) > 0) {
            total += n;
            inflatedTotal[0] += n;
            if (total > entryCap) {
                throw new InvalidPluginException("too_large", name,
                        name + " is larger than " + entryCap + " bytes");
            }
            if (inflatedTotal[0] > limits.packageBytes()) {
                throw new InvalidPluginException("too_large", name,
                        "the inflated package is larger than " + limits.packageBytes() + " bytes");
            }
            long compressed = Math.max(1, raw.count - compressedStart);
            if (total > PackageLimits.RATIO_FREE_BYTES && total / compressed > limits.maxRatio()) {
                throw new InvalidPluginException("compression_bomb", name,
                        name + " inflates more than " + limits.maxRatio() + " times its compressed size");
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
            throw new InvalidPluginException("missing_entry", name, "the package has no " + name);
        }
        return bytes;
    }
}
