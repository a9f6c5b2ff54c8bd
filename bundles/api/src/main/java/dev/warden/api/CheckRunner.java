package dev.warden.api;

import dev.warden.api.dto.CheckResult;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Runs one check in a fresh sandbox. Never throws for anything the plugin does: traps,
 * timeouts, memory-cap hits, missing capabilities and bad results all end in an
 * {@code UNKNOWN} result with the reason.
 */
@ProviderType
public interface CheckRunner {

    CheckResult run(RunRequest request);
}
