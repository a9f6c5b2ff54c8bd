package dev.warden.web.internal;

import dev.warden.api.dto.Assignment;
import java.util.Collection;
import java.util.List;

/**
 * Which assignments would run one plugin version now: those pinned to it, and, when it is the
 * newest installed version, those that follow the newest. Deleting such a version would silently
 * change or break what they run, so the API refuses it; disabled assignments count too, since
 * enabling them again must not find their code gone.
 */
final class VersionInUse {

    private VersionInUse() {
    }

    /**
     * @param newest the newest installed version of {@code pluginId}, or null when none is
     */
    static List<String> assignments(String pluginId, String version, String newest, Collection<Assignment> all) {
        return all.stream()
                .filter(a -> pluginId.equals(a.pluginId()))
                .filter(a -> a.pluginVersion() == null ? version.equals(newest) : version.equals(a.pluginVersion()))
                .map(Assignment::id)
                .sorted()
                .toList();
    }
}
