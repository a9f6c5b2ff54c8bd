package dev.warden.registry.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.PluginManifest;
import dev.warden.common.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Packages on disk, one folder per distinct content: {@code packages/<digest>/} holding
 * {@code plugin.wasm}, {@code plugin.yaml}, the optional {@code config.schema.json} and
 * {@code signature.json}, and {@code info.json}. The digest covers every stored entry (not just
 * the module), so two versions that share a module still get their own folder. A folder is
 * assembled under a temporary name, forced to disk and renamed into place, so a crash leaves
 * either the whole package or none of it.
 */
final class PackageStore {

    private static final Logger LOG = LoggerFactory.getLogger(PackageStore.class);
    private static final String INFO = "info.json";
    private static final String TEMP_PREFIX = ".tmp-";
    private static final String TRASH_PREFIX = ".trash-";

    private final Path root;
    private final ObjectMapper mapper = Json.mapper();

    PackageStore(Path root) {
        this.root = root;
    }

    /** Reads every stored package, clearing what an interrupted write or delete left behind. */
    List<StoredPackage> loadAll() throws IOException {
        Files.createDirectories(root);
        List<StoredPackage> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (name.startsWith(TEMP_PREFIX) || name.startsWith(TRASH_PREFIX)) {
                    deleteTree(dir);
                } else if (Files.isDirectory(dir)) {
                    try {
                        out.add(load(dir));
                    } catch (IOException | RuntimeException e) {
                        LOG.warn("Skipping unreadable stored package {}: {}", dir, e.toString());
                    }
                }
            }
        }
        return out;
    }

    private StoredPackage load(Path dir) throws IOException {
        PluginInfo info = mapper.readValue(dir.resolve(INFO).toFile(), PluginInfo.class);
        Path schema = dir.resolve(PackageContents.SCHEMA);
        return new StoredPackage(dir, info,
                Files.exists(schema) ? Files.readString(schema, StandardCharsets.UTF_8) : null);
    }

    /** The folder this content would be stored in, whether or not it exists yet. */
    Path folderFor(PackageContents contents) {
        return root.resolve(contentDigest(contents));
    }

    StoredPackage write(PackageContents contents, PluginManifest manifest, String signer, String origin)
            throws IOException {
        Path target = folderFor(contents);
        PluginInfo info = new PluginInfo(manifest, Sha256.hex(contents.wasm()), contents.wasm().length, signer, origin,
                Instant.now().toString(), contents.schema() != null);
        Path temp = root.resolve(TEMP_PREFIX + UUID.randomUUID());
        Files.createDirectories(temp);
        try {
            writeDurably(temp.resolve(PackageContents.WASM), contents.wasm());
            writeDurably(temp.resolve(PackageContents.MANIFEST), contents.manifest());
            if (contents.schema() != null) {
                writeDurably(temp.resolve(PackageContents.SCHEMA), contents.schema());
            }
            if (contents.signature() != null) {
                writeDurably(temp.resolve(PackageContents.SIGNATURE), contents.signature());
            }
            writeDurably(temp.resolve(INFO), mapper.writeValueAsBytes(info));
            forceDirectory(temp);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isDirectory(target)) {
                    throw e;
                }
                // The same content was stored meanwhile: it is identical by its name, keep it.
                deleteTree(temp);
                return load(target);
            }
            forceDirectory(root);
        } catch (IOException | RuntimeException e) {
            deleteTree(temp);
            throw e;
        }
        return new StoredPackage(target, info,
                contents.schema() == null ? null : new String(contents.schema(), StandardCharsets.UTF_8));
    }

    /** Removes a package folder: renamed away first, so a crash never leaves half a package that loads. */
    void delete(StoredPackage pkg) throws IOException {
        Path trash = root.resolve(TRASH_PREFIX + UUID.randomUUID());
        try {
            Files.move(pkg.dir(), trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(pkg.dir(), trash);
        }
        forceDirectory(root);
        deleteTree(trash);
    }

    private static String contentDigest(PackageContents c) {
        MessageDigest md = Sha256.digest();
        update(md, PackageContents.MANIFEST, c.manifest());
        update(md, PackageContents.WASM, c.wasm());
        update(md, PackageContents.SCHEMA, c.schema());
        update(md, PackageContents.SIGNATURE, c.signature());
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, String name, byte[] bytes) {
        String line = name + "=" + (bytes == null ? "-" : Sha256.hex(bytes)) + "\n";
        md.update(line.getBytes(StandardCharsets.UTF_8));
    }

    private static void writeDurably(Path file, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            LOG.debug("Cannot force directory {} on this platform: {}", dir, e.toString());
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", dir, e.toString());
        }
    }
}
