package dev.warden.api.dto;

import java.util.List;
import java.util.Map;

/**
 * The parsed {@code plugin.yaml}: a superset of ServiceRadar's manifest. Fields that only
 * ServiceRadar tooling reads ({@code schemaVersion}, {@code displayContract}, {@code source})
 * are kept so a package round-trips unchanged.
 */
public record PluginManifest(String id, String name, String version, String description, String entrypoint,
        String runtime, String outputs, List<String> capabilities, Permissions permissions, Resources resources,
        Integer schemaVersion, Map<String, Object> displayContract, Map<String, Object> source) {

    public static final String RUNTIME_WASI = "wasi-preview1";
    public static final String RUNTIME_NONE = "none";
    public static final String DEFAULT_ENTRYPOINT = "run_check";

    public PluginManifest {
        capabilities = capabilities == null ? List.of() : List.copyOf(capabilities);
        permissions = permissions == null ? Permissions.NONE : permissions;
        resources = resources == null ? Resources.DEFAULTS : resources;
        entrypoint = entrypoint == null || entrypoint.isBlank() ? DEFAULT_ENTRYPOINT : entrypoint;
        runtime = runtime == null || runtime.isBlank() ? RUNTIME_NONE : runtime;
    }

    public boolean wasi() {
        return RUNTIME_WASI.equals(runtime);
    }
}
