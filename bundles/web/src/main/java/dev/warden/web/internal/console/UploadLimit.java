package dev.warden.web.internal.console;

import java.io.IOException;
import java.util.Dictionary;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The largest package the console accepts: the REST API's {@code max_upload_bytes} of
 * {@code dev.warden.web}. Read from ConfigAdmin rather than by configuring this component with
 * that PID, which would copy every property of it (secrets included) into the console
 * plugin's service properties.
 */
final class UploadLimit {

    static final String PID = "dev.warden.web";
    static final String PROPERTY = "max_upload_bytes";
    static final long DEFAULT = 16L * 1024 * 1024;

    private UploadLimit() {
    }

    static long of(ConfigurationAdmin configAdmin) {
        if (configAdmin == null) {
            return DEFAULT;
        }
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + PID + ")");
            Dictionary<String, Object> props = found == null || found.length == 0 ? null : found[0].getProperties();
            return props == null ? DEFAULT : parse(props.get(PROPERTY));
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            return DEFAULT;
        }
    }

    static long parse(Object value) {
        if (value instanceof Number n) {
            return Math.max(1, n.longValue());
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return Math.max(1, Long.parseLong(s.trim()));
            } catch (NumberFormatException e) {
                return DEFAULT;
            }
        }
        return DEFAULT;
    }
}
