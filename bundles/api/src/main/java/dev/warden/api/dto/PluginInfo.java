package dev.warden.api.dto;

/**
 * One installed plugin version.
 *
 * @param sha256 hex SHA-256 of {@code plugin.wasm}, the key of the compiled-module cache
 * @param signer key id of the verified signature, or null when unsigned
 * @param origin where it came from: {@code upload}, {@code disk} or {@code bundle:<bsn>}
 * @param installedAt ISO-8601 instant
 */
public record PluginInfo(PluginManifest manifest, String sha256, long wasmSize, String signer, String origin,
        String installedAt, boolean hasConfigSchema) {

    public String id() {
        return manifest.id();
    }

    public String version() {
        return manifest.version();
    }
}
