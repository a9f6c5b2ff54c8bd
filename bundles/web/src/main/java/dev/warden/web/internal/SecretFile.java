package dev.warden.web.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A secret kept in a file only its owner can read. Created with mode 0600 from the start (the
 * permission is part of the create call), so there is no moment where another user could read it.
 */
final class SecretFile {

    private static final Logger LOG = LoggerFactory.getLogger(SecretFile.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The secret and whether this call created it. */
    record Secret(String value, boolean created, Path path) {
    }

    private SecretFile() {
    }

    /** 32 random bytes, base64url without padding. */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Reads the secret at {@code path}; when it is missing or empty, generates one and writes it with mode 0600. */
    static Secret readOrCreate(Path path) throws IOException {
        String existing = read(path);
        if (existing != null) {
            return new Secret(existing, false, path);
        }
        Files.createDirectories(path.toAbsolutePath().getParent());
        String secret = generate();
        try {
            write(path, secret);
            return new Secret(secret, true, path);
        } catch (FileAlreadyExistsException raced) {
            String other = read(path);
            if (other == null) {
                throw raced;
            }
            return new Secret(other, false, path);
        }
    }

    private static String read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return null;
        }
        String value = Files.readString(path, StandardCharsets.UTF_8).trim();
        if (value.isEmpty()) {
            LOG.warn("{} is empty; generating a new secret", path);
            Files.delete(path);
            return null;
        }
        tighten(path);
        return value;
    }

    private static void tighten(Path path) throws IOException {
        if (!posix(path)) {
            return;
        }
        Set<PosixFilePermission> current = Files.getPosixFilePermissions(path);
        if (!OWNER_ONLY.containsAll(current)) {
            LOG.warn("{} was readable by others ({}); restricting it to its owner", path, PosixFilePermissions.toString(current));
            Files.setPosixFilePermissions(path, OWNER_ONLY);
        }
    }

    private static void write(Path path, String secret) throws IOException {
        Set<StandardOpenOption> options = EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ByteBuffer bytes = ByteBuffer.wrap((secret + "\n").getBytes(StandardCharsets.UTF_8));
        if (posix(path.toAbsolutePath().getParent())) {
            try (SeekableByteChannel ch = Files.newByteChannel(path, options, PosixFilePermissions.asFileAttribute(OWNER_ONLY))) {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            }
            // the umask may have removed bits but never adds any; make the mode exact anyway
            Files.setPosixFilePermissions(path, OWNER_ONLY);
        } else {
            LOG.warn("{} is not on a POSIX file system; protect it with the file system's own permissions", path);
            try (SeekableByteChannel ch = Files.newByteChannel(path, options)) {
                while (bytes.hasRemaining()) {
                    ch.write(bytes);
                }
            }
        }
    }

    private static boolean posix(Path p) {
        return Files.getFileAttributeView(p, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }
}
