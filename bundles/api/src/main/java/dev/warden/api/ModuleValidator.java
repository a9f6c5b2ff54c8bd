package dev.warden.api;

import dev.warden.api.dto.PluginManifest;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks a Wasm module against its manifest before it is accepted: entrypoint, imports, memory.
 * Provided by the engine so the Wasm parser stays in one bundle.
 */
@ProviderType
public interface ModuleValidator {

    /**
     * Checks the module: entrypoint exported as {@code () -> ()}; every import is WASI preview1
     * (only with {@code runtime: wasi-preview1}) or a function of a known capability that the
     * manifest lists; memory rules; and that it compiles within the engine's time budget.
     */
    void validate(byte[] wasm, PluginManifest manifest) throws InvalidPluginException;

    /**
     * Capability names a manifest may list: the ABI's own ({@link dev.warden.api.spi.KnownCapabilities})
     * plus those of every {@code HostCapability} installed now.
     */
    java.util.Set<String> knownCapabilities();
}
