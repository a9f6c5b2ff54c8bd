package dev.warden.api;

import dev.warden.api.dto.PluginManifest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks a Wasm module against its manifest before it is accepted: entrypoint, imports, memory.
 * Provided by the engine so the Wasm parser stays in one bundle.
 */
@ProviderType
public interface ModuleValidator {

    void validate(byte[] wasm, PluginManifest manifest) throws InvalidPluginException;
}
