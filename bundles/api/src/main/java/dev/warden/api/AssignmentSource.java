package dev.warden.api;

import dev.warden.api.dto.Assignment;
import java.util.Collection;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of assignments (ConfigAdmin, files, fleet ...). A source tells every registered
 * {@link AssignmentListener} when its set changes.
 */
@ConsumerType
public interface AssignmentSource {

    /** A short stable name, recorded in each assignment's {@code source}. */
    String name();

    /** The current set. */
    Collection<Assignment> assignments();
}
