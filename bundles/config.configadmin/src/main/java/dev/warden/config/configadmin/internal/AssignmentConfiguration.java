package dev.warden.config.configadmin.internal;

import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.dto.Assignment;
import java.util.Map;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One instance per {@code dev.warden.assignment} factory configuration. It registers itself (a
 * bundle-private service type) so {@link ConfigAdminAssignmentStore} sees configurations come and go
 * through DS instead of tracking ConfigAdmin events by hand. An invalid configuration still
 * registers, carrying its problem, so the store can report it.
 */
@Component(service = AssignmentConfiguration.class, configurationPid = AssignmentConfiguration.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = AssignmentConfig.class, factory = true)
public final class AssignmentConfiguration {

    static final String FACTORY_PID = "dev.warden.assignment";

    private static final Logger LOG = LoggerFactory.getLogger(AssignmentConfiguration.class);

    private final String pid;
    private final Assignment assignment;
    private final String problem;

    @Activate
    public AssignmentConfiguration(AssignmentConfig config, Map<String, Object> properties) {
        this.pid = String.valueOf(properties.get("service.pid"));
        Assignment parsed = null;
        String reason = null;
        try {
            parsed = AssignmentParser.parse(AssignmentFields.of(config, configurationName(pid)),
                    ConfigAdminAssignmentStore.NAME);
        } catch (InvalidAssignmentException e) {
            reason = e.field() + ": " + e.getMessage();
            LOG.warn("Assignment configuration {} is invalid and not scheduled: {}", pid, reason);
        } catch (RuntimeException e) {
            reason = "unreadable: " + e;
            LOG.warn("Assignment configuration {} is invalid and not scheduled: {}", pid, reason);
        }
        this.assignment = parsed;
        this.problem = reason;
    }

    /** {@code dev.warden.assignment~web} → {@code web}; a generated PID yields its generated suffix. */
    static String configurationName(String pid) {
        int tilde = pid.indexOf('~');
        if (tilde >= 0) {
            return pid.substring(tilde + 1);
        }
        return pid.startsWith(FACTORY_PID + ".") ? pid.substring(FACTORY_PID.length() + 1) : pid;
    }

    String pid() {
        return pid;
    }

    Optional<Assignment> assignment() {
        return Optional.ofNullable(assignment);
    }

    /** Why it is not usable, or null. */
    String problem() {
        return problem;
    }
}
