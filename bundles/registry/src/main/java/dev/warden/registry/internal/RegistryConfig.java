package dev.warden.registry.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

// Double underscores map to one underscore in the property name (DS 112.8.2.1): max_package_bytes ...
@ObjectClassDefinition(id = RegistryConfig.PID, name = "Warden plugin registry",
        description = "Plugin packages: size limits, signature policy and trusted keys")
public @interface RegistryConfig {

    String PID = "dev.warden.registry";

    @AttributeDefinition(name = "Largest package (bytes)", min = "1024",
            description = "Upper bound of a package zip, and of everything in it once inflated")
    long max__package__bytes() default 16L * 1024 * 1024;

    @AttributeDefinition(name = "Largest module (bytes)", min = "8",
            description = "Upper bound of plugin.wasm, counted while inflating")
    long max__wasm__bytes() default 8L * 1024 * 1024;

    @AttributeDefinition(name = "Largest compression ratio", min = "2",
            description = "An entry inflating to more than 1 MiB is refused when it is this many times larger than its compressed bytes (a zip bomb)")
    int max__compression__ratio() default PackageLimits.MAX_RATIO;

    @AttributeDefinition(name = "Require signatures on uploads and fleet packages",
            description = "Uploads over the API and packages fetched from the fleet must carry signature.json by a trusted key. Packages an operator places on disk are trusted by placement")
    boolean require__signature() default true;

    @AttributeDefinition(name = "Trusted keys",
            description = "key_id=base64 of an Ed25519 public key (raw 32 bytes or X.509 SubjectPublicKeyInfo DER)")
    String[] trusted__keys() default {};

    @AttributeDefinition(name = "Drop-in folder poll interval (ms)", min = "100",
            description = "How often $WARDEN_HOME/plugins is checked for new or changed *.wpkg / *.zip files")
    long plugins__dir__poll__ms() default 2000;
}
