package dev.warden.api;

import dev.warden.api.dto.Assignment;
import org.osgi.annotation.versioning.ProviderType;

/** An assignment source that operators can write to (the REST API uses it). */
@ProviderType
public interface AssignmentStore extends AssignmentSource {

    /** Creates or replaces an assignment; returns it as stored. */
    Assignment put(Assignment assignment) throws InvalidAssignmentException;

    /** @return false when there was no such assignment */
    boolean delete(String id);
}
