package dev.warden.registry.internal;

/**
 * Size limits a package must keep. Entry limits are checked against inflated bytes as they are
 * read, never against the sizes a zip header claims.
 */
record PackageLimits(long packageBytes, long wasmBytes, int manifestBytes, int schemaBytes, int signatureBytes,
        int maxEntries, int maxRatio) {

    static final int MANIFEST_BYTES = 256 * 1024;
    static final int SCHEMA_BYTES = 256 * 1024;
    static final int SIGNATURE_BYTES = 64 * 1024;
    static final int MAX_ENTRIES = 16;
    static final int MAX_RATIO = 100;
    /** Below this many inflated bytes an entry may compress as well as it likes (text does). */
    static final long RATIO_FREE_BYTES = 1024 * 1024;

    static PackageLimits of(long packageBytes, long wasmBytes) {
        return new PackageLimits(packageBytes, wasmBytes, MANIFEST_BYTES, SCHEMA_BYTES, SIGNATURE_BYTES, MAX_ENTRIES,
                MAX_RATIO);
    }

    static PackageLimits of(RegistryConfig config) {
        // Arrays are int-indexed; caps above 1 GiB would only move the failure elsewhere.
        long ceiling = 1L << 30;
        return new PackageLimits(Math.min(ceiling, Math.max(1024, config.max__package__bytes())),
                Math.min(ceiling, Math.max(8, config.max__wasm__bytes())), MANIFEST_BYTES, SCHEMA_BYTES,
                SIGNATURE_BYTES, MAX_ENTRIES, Math.max(2, config.max__compression__ratio()));
    }
}
