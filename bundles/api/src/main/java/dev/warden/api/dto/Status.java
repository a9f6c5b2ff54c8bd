package dev.warden.api.dto;

/** Outcome of a check, ordered by severity (a higher ordinal is worse, except UNKNOWN which is separate). */
public enum Status {
    OK, WARNING, CRITICAL, UNKNOWN;

    /** Parses a status name case-insensitively; null when it is not one of the four. */
    public static Status parse(String s) {
        if (s == null) {
            return null;
        }
        for (Status v : values()) {
            if (v.name().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        return null;
    }
}
