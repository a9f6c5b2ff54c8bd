package dev.warden.api.dto;

import java.util.regex.Pattern;

/**
 * Who a fleet assignment is for: exactly one agent id or one label. Both are subject tokens on the
 * broker, so they are limited to letters, digits, {@code _} and {@code -} (1..128).
 */
public record FleetTarget(String agent, String label) {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    public FleetTarget {
        if ((agent == null) == (label == null)) {
            throw new IllegalArgumentException("a target names exactly one of \"agent\" or \"label\"");
        }
        String value = agent != null ? agent : label;
        if (!TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException("target " + (agent != null ? "agent" : "label") + " \"" + value
                    + "\" must be 1-128 letters, digits, '_' or '-'");
        }
    }

    public static FleetTarget agent(String agentId) {
        return new FleetTarget(agentId, null);
    }

    public static FleetTarget label(String label) {
        return new FleetTarget(null, label);
    }

    /** The key prefix in the assignments bucket: {@code agent.<id>} or {@code label.<label>}. */
    public String keyPrefix() {
        return agent != null ? "agent." + agent : "label." + label;
    }

    @Override
    public String toString() {
        return agent != null ? "agent " + agent : "label " + label;
    }
}
