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
     * @param origin {@code upload}, {@code fleet} or {@code disk}; uploads and packages fetched from
     *        the fleet are held to the signature policy
     * @throws InvalidPluginException when the package is refused; nothing is installed then
     */
    PluginInfo install(InputStream zip, String origin) throws InvalidPluginException;

    /**
     * Checks a package exactly as {@link #install} would for the same origin (limits, manifest,
     * schema, module, signature policy) without installing it; publishing to the fleet uses it
     * so that a package the agents would refuse never reaches the store.
     *
     * @return what {@link #install} would report, with {@code installedAt} null
     * @throws InvalidPluginException with the same code and message an install would give
     */
    PluginInfo validate(InputStream zip, String origin) throws InvalidPluginException;

    /**
     * Removes one version.
     *
     * @return false when it was not installed
     */
    boolean delete(String id, String version);

    /**
     * Checks an assignment against the plugin it names, before it is stored: the version exists
     * (the newest when not pinned), the grants are a subset of what the manifest requests, and the
     * params are valid against the package's {@code config.schema.json}.
     */
    void validateAssignment(dev.warden.api.dto.Assignment assignment) throws InvalidAssignmentException;

    /**
     * JSON pointers (e.g. {@code /password}, {@code /auth/token}) of the params that the plugin's
     * config schema marks secret ({@code "writeOnly": true}, {@code "format": "password"} or
     * {@code "x-secret": true}); empty when the plugin or its schema is unknown. The API never
     * returns their values.
     */
    java.util.Set<String> secretParams(String id, String version);
}
