package dev.warden.api.dto;

import java.util.List;

/**
 * What an operator granted an assignment. A null {@code capabilities} list means "everything
 * the manifest requests"; permissions must be a subset of the manifest's.
 */
public record Grants(List<String> capabilities, Permissions permissions) {

    public static final Grants MANIFEST = new Grants(null, null);

    public Grants {
        capabilities = capabilities == null ? null : List.copyOf(capabilities);
    }
}
