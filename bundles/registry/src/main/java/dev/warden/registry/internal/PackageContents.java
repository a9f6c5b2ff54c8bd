package dev.warden.registry.internal;

/** The entries of a package that Warden reads; {@code schema} and {@code signature} may be null. */
record PackageContents(byte[] manifest, byte[] wasm, byte[] schema, byte[] signature) {

    static final String MANIFEST = "plugin.yaml";
    static final String WASM = "plugin.wasm";
    static final String SCHEMA = "config.schema.json";
    static final String SIGNATURE = "signature.json";
}
