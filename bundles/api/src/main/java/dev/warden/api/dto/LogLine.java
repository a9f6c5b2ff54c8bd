package dev.warden.api.dto;

/** One line a plugin logged during a run ({@code level} is debug, info, warn or error; stdout/stderr are info/warn). */
public record LogLine(String level, String message) {
}
