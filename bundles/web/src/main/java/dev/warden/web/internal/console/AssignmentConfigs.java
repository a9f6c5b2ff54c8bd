package dev.warden.web.internal.console;

import java.io.IOException;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/** Finds the ConfigAdmin factory configuration behind each assignment, for the console's editor link. */
final class AssignmentConfigs {

    /** The factory PID of the ConfigAdmin assignment source (bundle config.configadmin). */
    static final String FACTORY_PID = "dev.warden.assignment";

    private AssignmentConfigs() {
    }

    /** Assignment id → configuration PID; empty without ConfigAdmin or when it fails (the link is a convenience). */
    static Map<String, String> pidsById(ConfigurationAdmin configAdmin) {
        Map<String, String> pids = new HashMap<>();
        if (configAdmin == null) {
            return pids;
        }
        try {
            Configuration[] found = configAdmin.listConfigurations("(service.factoryPid=" + FACTORY_PID + ")");
            if (found == null) {
                return pids;
            }
            for (Configuration c : found) {
                String id = idOf(c.getPid(), c.getProperties());
                if (id != null) {
                    pids.putIfAbsent(id, c.getPid());
                }
            }
        } catch (IOException | InvalidSyntaxException | RuntimeException e) {
            return Map.of();
        }
        return pids;
    }

    /** The {@code id} property, else the configuration's name as the assignment source derives it. */
    static String idOf(String pid, Dictionary<String, Object> properties) {
        Object id = properties == null ? null : properties.get("id");
        if (id instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            return pid.substring(tilde + 1);
        }
        return pid.startsWith(FACTORY_PID + ".") ? pid.substring(FACTORY_PID.length() + 1) : null;
    }
}
