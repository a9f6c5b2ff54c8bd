package dev.warden.common;

import java.nio.file.Path;

/**
 * Where all agent state lives: the framework/system property {@code warden.home}, else the
 * environment variable {@code WARDEN_HOME}, else the working directory. {@code bin/warden} sets
 * the property; tests point it at a temporary folder.
 */
public final class WardenHome {

    public static final String PROPERTY = "warden.home";

    private WardenHome() {
    }

    public static Path path() {
        String p = System.getProperty(PROPERTY);
        if (p == null || p.isBlank()) {
            p = System.getenv("WARDEN_HOME");
        }
        if (p == null || p.isBlank()) {
            p = ".";
        }
        return Path.of(p).toAbsolutePath().normalize();
    }

    public static Path conf() {
        return path().resolve("conf");
    }

    public static Path data() {
        return path().resolve("data");
    }
}
