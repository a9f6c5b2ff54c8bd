package dev.warden.api;

import dev.warden.api.dto.PluginInfo;
import java.io.IOException;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** An installed plugin version whose code can be read. */
@ProviderType
public interface PluginPackage {

    PluginInfo info();

    /** The module bytes, verified against {@link PluginInfo#sha256()} before they are returned. */
    byte[] wasm() throws IOException;

    /** The package's {@code config.schema.json}, if it has one. */
    Optional<String> configSchema();
}
