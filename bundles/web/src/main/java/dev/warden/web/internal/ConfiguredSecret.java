package dev.warden.web.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the secret in force: the one set through ConfigAdmin when there is a usable one, else the
 * generated file's. A configured secret that is too short is refused (the file's stays in force) so a
 * typo like "admin" never becomes the password. Only the source is ever logged, never the value.
 */
final class ConfiguredSecret {

    static final int MIN_LENGTH = 12;

    private static final Logger LOG = LoggerFactory.getLogger(ConfiguredSecret.class);

    private ConfiguredSecret() {
    }

    /**
     * @param what      the secret's name for the log, e.g. "API token"
     * @param attribute the configuration attribute, e.g. "api_token"
     * @param configured the configured value (null or blank: not configured)
     * @param fromFile  the file's secret, or null when it could not be read
     * @return the matcher in force, or null when there is none (everyone is refused)
     */
    static SecretMatcher choose(String what, String attribute, String configured, SecretMatcher fromFile) {
        String value = configured == null ? "" : configured.trim();
        if (value.isEmpty()) {
            LOG.info("{}: the generated file is in force", what);
            return fromFile;
        }
        if (value.length() < MIN_LENGTH) {
            LOG.warn("{}: {} {} is shorter than {} characters and is ignored; the generated file stays in force",
                    what, WebConfig.PID, attribute, MIN_LENGTH);
            return fromFile;
        }
        LOG.info("{}: set through configuration {} {}", what, WebConfig.PID, attribute);
        return new SecretMatcher(value);
    }
}
