package dev.warden.api.spi;

/** Plugin log levels as numbered by the ABI's {@code log(level, ptr, len)}. */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR;

    /** Level for an ABI code; codes outside 0..3 are clamped. */
    public static LogLevel fromCode(long code) {
        if (code <= 0) {
            return DEBUG;
        }
        if (code >= 3) {
            return ERROR;
        }
        return values()[(int) code];
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
