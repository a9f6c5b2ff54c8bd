package dev.warden.fleet.internal;

import dev.warden.api.dto.FleetTarget;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keys of the {@code warden-assignments} bucket: {@code agent.<agent-id>.<assignment-id>} or
 * {@code label.<label>.<assignment-id>}, each part one subject token (agents watch
 * {@code agent.<id>.*}, so an id with a dot would never reach them).
 */
final class AssignmentKey {

    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    private AssignmentKey() {
    }

    static boolean validId(String assignmentId) {
        return assignmentId != null && TOKEN.matcher(assignmentId).matches();
    }

    static String of(FleetTarget target, String assignmentId) {
        return target.keyPrefix() + "." + assignmentId;
    }

    /** The target a key is stored for; empty for keys of another shape. */
    static Optional<FleetTarget> target(String key) {
        String[] parts = key.split("\\.", -1);
        if (parts.length != 3 || !validId(parts[2])) {
            return Optional.empty();
        }
        try {
            return switch (parts[0]) {
                case "agent" -> Optional.of(FleetTarget.agent(parts[1]));
                case "label" -> Optional.of(FleetTarget.label(parts[1]));
                default -> Optional.empty();
            };
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    static String id(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    /**
     * The subject filter of results for an agent and an assignment, {@code *} for either when null;
     * the assignment id is made a token exactly as the publisher makes it.
     */
    static String resultFilter(String agentId, String assignmentId) {
        String agent = agentId == null ? "*" : agentId;
        return assignmentId == null ? FleetResultPublisher.SUBJECT_PREFIX + agent + ".*"
                : FleetResultPublisher.subject(agent, assignmentId);
    }
}
