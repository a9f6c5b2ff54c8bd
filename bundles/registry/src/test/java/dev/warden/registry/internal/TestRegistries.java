package dev.warden.registry.internal;

import java.io.IOException;
import java.nio.file.Path;

/** Registries over a temporary home with the fake validator and the test signing key trusted. */
final class TestRegistries {

    static final PackageLimits DEFAULT_LIMITS = PackageLimits.of(16L * 1024 * 1024, 8L * 1024 * 1024);

    private TestRegistries() {
    }

    static SignaturePolicy trustingTestKey(boolean requireSignature) {
        return new SignaturePolicy(TrustedKeys.parse(new String[] {PackageSigner.trustedKeysEntry()}), requireSignature);
    }

    /** Defaults as shipped: signatures required on uploads, only {@link PackageSigner#TRUSTED_KEY_ID} trusted. */
    static PackageRegistry strict(FakeModuleValidator validator, Path home) throws IOException {
        return new PackageRegistry(validator, DEFAULT_LIMITS, trustingTestKey(true), home, 60_000);
    }
}
