package dev.warden.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;
import java.util.regex.Pattern;

/** {@code keygen}: an Ed25519 signing key and the line that makes an agent trust it. */
final class KeygenCommand implements WardenPlugin.Command {

    /** What the registry accepts as a key id (1..128 characters), minus what would break a trusted_keys entry. */
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");

    @Override
    public List<String> valueOptions() {
        return List.of("-o", "--output");
    }

    @Override
    public List<String> flags() {
        return List.of();
    }

    @Override
    public String usage() {
        return """
                usage: warden-plugin keygen <key-id> [-o dir]
                  Creates an Ed25519 key pair in dir (default: the current folder):
                    <key-id>.pem      private key, PKCS#8 PEM, mode 0600 - keep it secret
                    <key-id>.pub.pem  public key, X.509 SubjectPublicKeyInfo PEM
                  and prints the trusted_keys entry (key_id=base64 of the public key) for the agent's
                  dev.warden.registry configuration. Existing files are never overwritten.
                  exit code 0 created, 1 a file exists or cannot be written""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        String keyId = args.positional(0, "the key id");
        args.atMostPositionals(1);
        if (!KEY_ID.matcher(keyId).matches()) {
            throw new UsageException("key id '" + keyId + "' must be 1-128 characters of letters, digits, . _ @ -");
        }
        String o = args.value("-o") != null ? args.value("-o") : args.value("--output");
        Path dir = Path.of(o == null ? "." : o);
        Files.createDirectories(dir);
        Path privateFile = dir.resolve(keyId + ".pem");
        Path publicFile = dir.resolve(keyId + ".pub.pem");
        for (Path p : List.of(privateFile, publicFile)) {
            if (Files.exists(p)) {
                throw new CheckFailedException(p + " already exists; not overwriting a key");
            }
        }
        KeyPair pair = PackageSigning.newKeyPair();
        writeOwnerOnly(privateFile, PackageSigning.privatePem(pair.getPrivate()));
        Files.writeString(publicFile, PackageSigning.publicPem(pair.getPublic()));
        out.println("private key: " + privateFile + " (mode 0600)");
        out.println("public key:  " + publicFile);
        out.println("trusted_keys entry for dev.warden.registry:");
        out.println(PackageSigning.trustedKeysEntry(keyId, pair.getPublic()));
        return WardenPlugin.OK;
    }

    /** Created with 0600 from the start, so the key is never readable by others, not even briefly. */
    private static void writeOwnerOnly(Path file, String text) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            throw new IOException(file + " already exists; not overwriting a key");
        }
        Files.writeString(file, text);
    }
}
