package dev.warden.registry.internal;

/**
 * Size limits a package must keep. Entry limits are checked against inflated bytes as they are
 * read, never against the sizes a zip header claims.
 */
record PackageLimits(long packageBytes, long wasmBytes, int manifestBytes, int schemaBytes, int signatureBytes,
        int maxEntries) {

    static final int MANIFEST_BYTES = 256 * 1024;
    static final int SCHEMA_BYTES = 256 * 1024;
    static final int SIGNATURE_BYTES = 64 * 1024;
    static final int MAX_ENTRIES = 16;

    static PackageLimits of(long packageBytes, long wasmBytes) {
        return new PackageLimits(packageBytes, wasmBytes, MANIFEST_BYTES, SCHEMA_BYTES, SIGNATURE_BYTES, MAX_ENTRIES);
    }

    static PackageLimits of(RegistryConfig config) {
        // Arrays are int-indexed; caps above 1 GiB would only move the failure elsewhere.
        long ceiling = 1L << 30;
        return of(Math.min(ceiling, Math.max(1024, config.max__package__bytes())),
                Math.min(ceiling, Math.max(8, config.max__wasm__bytes())));
    }
}
