package dev.warden.fleet.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * The fleet's place in the local result journal: the position of the next result to publish, as a
 * decimal number in one small file. It is replaced whole (written to a temporary file, forced, then
 * renamed over the old one), so a crash leaves either the old or the new position, never a mix.
 */
final class ResultCursor {

    private final Path file;
    private final Path tmp;

    ResultCursor(Path file) {
        this.file = file;
        this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
    }

    Path file() {
        return file;
    }

    /** The stored position; empty when there is none yet. */
    OptionalLong load() throws IOException {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim()));
        } catch (NoSuchFileException missing) {
            return OptionalLong.empty();
        } catch (NumberFormatException damaged) {
            throw new IOException("cursor file " + file + " does not hold a position", damaged);
        }
    }

    void store(long position) throws IOException {
        Files.createDirectories(file.getParent());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap((position + "\n").getBytes(StandardCharsets.US_ASCII));
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
