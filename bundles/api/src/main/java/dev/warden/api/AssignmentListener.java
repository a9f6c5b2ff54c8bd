package dev.warden.api;

import org.osgi.annotation.versioning.ConsumerType;

/** Whiteboard: told when an {@link AssignmentSource}'s set of assignments changed. */
@ConsumerType
public interface AssignmentListener {

    void assignmentsChanged(AssignmentSource source);
}
