package dev.warden.tool;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginInfo;
import dev.warden.engine.internal.ExecutionMode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;

/**
 * {@code sign}: writes {@code signature.json} and proves it by uploading the signed package to an
 * in-process registry that trusts only the signing key and requires signatures.
 */
final class SignCommand implements WardenPlugin.Command {

    @Override
    public List<String> valueOptions() {
        return List.of("--key", "--key-id", "-o", "--output");
    }

    @Override
    public List<String> flags() {
        return List.of();
    }

    @Override
    public String usage() {
        return """
                usage: warden-plugin sign <package.wpkg|dir> --key private.pem --key-id ID [-o out.wpkg]
                  Signs plugin.wasm + plugin.yaml with an Ed25519 key (Ed25519 over the canonical JSON
                  {"content_hash":sha256(plugin.wasm),"manifest":plugin.yaml as JSON}) and writes signature.json:
                    package: rewrites the package with the new signature.json (in place unless -o)
                    folder:  writes <dir>/signature.json, and the signed package too when -o is given
                  The result is then verified by the agent's registry as an upload to an agent that
                  trusts only this key; a package it would refuse is not written.
                  exit code 0 signed and verified, 1 refused or the key is unusable""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        Path source = Path.of(args.positional(0, "the package or plugin folder"));
        args.atMostPositionals(1);
        String keyFile = args.value("--key");
        String keyId = args.value("--key-id");
        if (keyFile == null || keyId == null) {
            throw new UsageException("--key and --key-id are required");
        }
        PrivateKey key;
        PublicKey publicKey;
        try {
            key = PackageSigning.readPrivateKey(Files.readString(Path.of(keyFile)));
            publicKey = PackageSigning.publicKeyOf(key);
        } catch (GeneralSecurityException e) {
            throw new CheckFailedException(keyFile + ": " + e.getMessage());
        }
        PluginFiles files = PluginFiles.load(source);
        byte[] manifest = files.get(PluginFiles.MANIFEST);
        byte[] wasm = files.get(PluginFiles.WASM);
        if (manifest == null || wasm == null) {
            throw new CheckFailedException(source + " needs plugin.yaml and plugin.wasm to be signed");
        }
        byte[] signature = PackageSigning.signatureJson(keyId, key, manifest, wasm);
        PluginFiles signed = files.with(PluginFiles.SIGNATURE, signature);
        byte[] zip = signed.packageBytes();

        String trusted = PackageSigning.trustedKeysEntry(keyId, publicKey);
        PluginInfo info;
        try (LocalAgent agent = new LocalAgent(ExecutionMode.COMPILER, List.of(trusted), true, null, c -> c)) {
            info = agent.install(zip, "upload");
        } catch (InvalidPluginException e) {
            out.println(source + ": " + PackageCheck.describe(e));
            return WardenPlugin.FAILED;
        }
        if (!keyId.equals(info.signer())) {
            throw new CheckFailedException("the registry did not attribute the signature to " + keyId);
        }
        String o = args.value("-o") != null ? args.value("-o") : args.value("--output");
        if (files.folder()) {
            Files.write(source.resolve(PluginFiles.SIGNATURE), signature);
            out.println("wrote " + source.resolve(PluginFiles.SIGNATURE));
        }
        Path target = o != null ? Path.of(o) : files.folder() ? null : source;
        if (target != null) {
            Files.write(target, zip);
            out.println("wrote " + target);
        }
        out.println("signed " + info.id() + " " + info.version() + " with key " + keyId
                + "; verified by the registry as an upload (require_signature=true)");
        out.println("trusted_keys entry: " + trusted);
        return WardenPlugin.OK;
    }
}
