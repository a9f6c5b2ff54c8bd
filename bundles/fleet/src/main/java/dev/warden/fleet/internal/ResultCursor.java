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
import java.util.zip.CRC32;

/**
 * The fleet's place in the local result journal: the position of the next result to publish, as a
 * decimal number in one small file. It is replaced whole (written to a temporary file, forced, then
 * renamed over the old one), so a crash leaves either the old or the new position, never a mix.
 *
 * <p>Between those stores (one per batch) each acknowledged result is {@linkplain #mark marked} in
 * a second file, written in place and not forced: the operating system keeps that write when the
 * agent's process is killed, so a restart resends nothing even after the stream's duplicate window
 * has passed. Only a power cut can lose a mark (or tear it: its checksum then fails and it is
 * ignored), and then the results after the last store are sent again.
 */
final class ResultCursor implements AutoCloseable {

    private final Path file;
    private final Path tmp;
    private final Path markFile;
    private FileChannel marks;

    ResultCursor(Path file) {
        this.file = file;
        this.tmp = file.resolveSibling(file.getFileName() + ".tmp");
        this.markFile = file.resolveSibling(file.getFileName() + ".mark");
    }

    /** Notes a position after one acknowledged result, without forcing it to the disk. */
    void mark(long position) throws IOException {
        if (marks == null || !marks.isOpen()) {
            Files.createDirectories(markFile.getParent());
            marks = FileChannel.open(markFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        }
        ByteBuffer line = ByteBuffer.wrap(String.format("%020d %08x%n", position, checksum(position))
                .getBytes(StandardCharsets.US_ASCII));
        long at = 0;
        while (line.hasRemaining()) {
            at += marks.write(line, at);
        }
    }

    @Override
    public void close() {
        try {
            if (marks != null) {
                marks.close();
            }
        } catch (IOException e) {
            // nothing was forced through it anyway
        }
        marks = null;
    }

    private static long checksum(long position) {
        CRC32 crc = new CRC32();
        crc.update(Long.toString(position).getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    /** A mark whose checksum holds, or empty. */
    private OptionalLong loadMark() {
        try {
            String[] parts = Files.readString(markFile, StandardCharsets.US_ASCII).trim().split(" ");
            long position = Long.parseLong(parts[0]);
            return parts.length == 2 && Long.parseLong(parts[1], 16) == checksum(position)
                    ? OptionalLong.of(position) : OptionalLong.empty();
        } catch (IOException | RuntimeException missingOrTorn) {
            return OptionalLong.empty();
        }
    }

    Path file() {
        return file;
    }

    /** The stored position, or a later intact mark; empty when there is none yet. */
    OptionalLong load() throws IOException {
        long stored;
        try {
            stored = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException missing) {
            return OptionalLong.empty();
        } catch (NumberFormatException damaged) {
            throw new IOException("cursor file " + file + " does not hold a position", damaged);
        }
        OptionalLong mark = loadMark();
        return OptionalLong.of(mark.isPresent() ? Math.max(stored, mark.getAsLong()) : stored);
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
