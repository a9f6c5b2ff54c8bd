package dev.warden.api;

import dev.warden.api.dto.PluginInfo;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Installed plugin packages, several versions of one plugin side by side. */
@ProviderType
public interface PluginRegistry {

    /** Every installed version, ordered by id then version. */
    List<PluginInfo> list();

    /**
     * One version of a plugin.
     *
     * @param version an exact version, or null for the newest installed one
     */
    Optional<PluginPackage> find(String id, String version);

    /**
     * Validates and installs a package (a zip as in DESIGN.md §3).
     *
     * @param origin {@code upload} or {@code disk}; uploads are held to the signature policy
     * @throws InvalidPluginException when the package is refused; nothing is installed then
     */
    PluginInfo install(InputStream zip, String origin) throws InvalidPluginException;

    /**
     * Removes one version.
     *
     * @return false when it was not installed
     */
    boolean delete(String id, String version);
}
