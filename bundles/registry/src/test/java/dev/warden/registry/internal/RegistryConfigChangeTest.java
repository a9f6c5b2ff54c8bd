package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.warden.api.InvalidPluginException;
import java.io.ByteArrayInputStream;
import java.lang.annotation.Annotation;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistryConfigChangeTest {

    @TempDir
    Path home;

    private static RegistryConfig config(boolean requireSignature, String... trustedKeys) {
        return new RegistryConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return RegistryConfig.class;
            }

            @Override
            public long max__package__bytes() {
                return 16L * 1024 * 1024;
            }

            @Override
            public long max__wasm__bytes() {
                return 8L * 1024 * 1024;
            }

            @Override
            public int max__compression__ratio() {
                return 100;
            }

            @Override
            public boolean require__signature() {
                return requireSignature;
            }

            @Override
            public String[] trusted__keys() {
                return trustedKeys;
            }

            @Override
            public long plugins__dir__poll__ms() {
                return 60_000;
            }
        };
    }

    @Test
    void signaturePolicyAndTrustedKeysApplyToTheNextInstallWithoutRestart() throws Exception {
        PackageRegistry registry = new PackageRegistry(new FakeModuleValidator(), TestRegistries.DEFAULT_LIMITS,
                TestRegistries.trustingTestKey(false), home, 60_000);
        try {
            byte[] unsigned = Packages.zip(BadPackageCorpus.warden());
            registry.install(new ByteArrayInputStream(unsigned), "upload");
            registry.delete("warden-tcp", "1.0.0-rc.1+build.7");

            registry.modified(config(true));
            byte[] signed = Packages.zip(PackageSigner.signedByTrustedKey(BadPackageCorpus.warden()));
            assertEquals("signature_required", assertThrows(InvalidPluginException.class,
                    () -> registry.install(new ByteArrayInputStream(unsigned), "upload")).code());
            assertEquals("untrusted_key", assertThrows(InvalidPluginException.class,
                    () -> registry.install(new ByteArrayInputStream(signed), "upload")).code());

            registry.modified(config(true, PackageSigner.trustedKeysEntry()));
            assertEquals("test-key", registry.install(new ByteArrayInputStream(signed), "upload").signer());
        } finally {
            registry.deactivate();
        }
    }
}
