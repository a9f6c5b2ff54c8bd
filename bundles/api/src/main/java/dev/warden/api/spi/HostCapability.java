package dev.warden.api.spi;

import java.util.List;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A group of host functions that a plugin may import, registered as a service by a capability
 * bundle. {@link #name()} is the word a manifest lists under {@code capabilities} and an
 * operator grants; the engine links {@link #functions()} only for plugins that requested and
 * were granted it.
 */
@ConsumerType
public interface HostCapability {

    String name();

    List<HostFunction> functions();
}
