package dev.warden.registry.internal;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.ModuleValidator;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.spi.KnownCapabilities;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Accepts any module that starts with the Wasm magic, recording what it was asked. */
final class FakeModuleValidator implements ModuleValidator {

    final List<PluginManifest> validated = new ArrayList<>();

    @Override
    public synchronized void validate(byte[] wasm, PluginManifest manifest) throws InvalidPluginException {
        validated.add(manifest);
        if (wasm.length < 4 || !Arrays.equals(Arrays.copyOf(wasm, 4), new byte[] {0, 'a', 's', 'm'})) {
            throw new InvalidPluginException("invalid_module", "plugin.wasm", "not a Wasm module");
        }
    }

    @Override
    public Set<String> knownCapabilities() {
        return KnownCapabilities.IMPORTS.keySet();
    }
}
