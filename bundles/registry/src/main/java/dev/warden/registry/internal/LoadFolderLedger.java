package dev.warden.registry.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.warden.common.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which plugin versions each file in {@code load/} installed, kept on disk so that a file removed
 * while the agent was down still takes its versions with it at the next start. Not thread-safe:
 * its owner serialises access.
 */
final class LoadFolderLedger {

    /** One version a file installed; {@code sha256} tells it apart from a later upload of the same version. */
    record Installed(String id, String version, String sha256) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(LoadFolderLedger.class);
    private static final TypeReference<TreeMap<String, List<Installed>>> SHAPE = new TypeReference<>() {
    };

    private final Path file;
    private final TreeMap<String, List<Installed>> byFile;

    private LoadFolderLedger(Path file, TreeMap<String, List<Installed>> byFile) {
        this.file = file;
        this.byFile = byFile;
    }

    /** Reads the ledger; a missing or unreadable one starts empty (the worst case is a version left installed). */
    static LoadFolderLedger open(Path file) {
        if (Files.isRegularFile(file)) {
            try {
                TreeMap<String, List<Installed>> read = Json.mapper().readValue(file.toFile(), SHAPE);
                return new LoadFolderLedger(file, read == null ? new TreeMap<>() : read);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Load folder ledger {} is unreadable, starting empty: {}", file, e.toString());
            }
        }
        return new LoadFolderLedger(file, new TreeMap<>());
    }

    List<String> files() {
        return List.copyOf(byFile.keySet());
    }

    /** Records a version a file installed; the same id+version again replaces the older record. */
    void record(String packageFile, Installed installed) {
        List<Installed> list = byFile.computeIfAbsent(packageFile, f -> new ArrayList<>());
        list.removeIf(i -> i.id().equals(installed.id()) && i.version().equals(installed.version()));
        list.add(installed);
    }

    /** Forgets a file and returns what it had installed. */
    List<Installed> forget(String packageFile) {
        List<Installed> gone = byFile.remove(packageFile);
        return gone == null ? List.of() : gone;
    }

    /** True when some file still claims exactly this content. */
    boolean claimed(Installed installed) {
        return byFile.values().stream().anyMatch(list -> list.contains(installed));
    }

    Map<String, List<Installed>> entries() {
        return java.util.Collections.unmodifiableMap(byFile);
    }

    /** Writes atomically (temp, fsync, rename) so a crash leaves the old or the new ledger, never half of one. */
    void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                Json.mapper().writerWithDefaultPrettyPrinter().writeValue(out, byFile);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            LOG.warn("Load folder ledger {} could not be written: {}", file, e.toString());
        }
    }
}
