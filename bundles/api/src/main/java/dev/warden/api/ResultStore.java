package dev.warden.api;

import dev.warden.api.dto.CheckResult;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/** Reads stored results back. */
@ProviderType
public interface ResultStore {

    /**
     * Newest first.
     *
     * @param assignmentId one assignment, or null for all
     */
    List<CheckResult> latest(String assignmentId, int limit);
}
