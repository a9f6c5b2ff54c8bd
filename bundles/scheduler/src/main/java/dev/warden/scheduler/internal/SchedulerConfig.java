package dev.warden.scheduler.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Warden scheduler",
        description = "Runs every enabled assignment on its interval")
@interface SchedulerConfig {

    String PID = "dev.warden.scheduler";

    @AttributeDefinition(name = "Workers", description = "Check runs that may execute at the same time", min = "1", max = "256")
    int workers() default 4;

    @AttributeDefinition(name = "Jitter (%)", description = "Each interval varies randomly by up to this share, so agents do not run in lock-step", min = "0", max = "50")
    int jitter__percent() default 10;

    @AttributeDefinition(name = "Backoff after failures", description = "Consecutive failed runs (UNKNOWN or ended"
            + " abnormally) after which an assignment backs off; a success ends the backoff", min = "1")
    int backoff__after__failures() default Backoff.DEFAULT_AFTER_FAILURES;

    @AttributeDefinition(name = "Backoff cap (ms)", description = "The longest an assignment is held back: the delay"
            + " doubles with every further failure up to this", min = "1")
    long backoff__max__ms() default Backoff.DEFAULT_MAX_MS;

    @AttributeDefinition(name = "Agent id", description = "Recorded in every result; empty means the host name")
    String agent__id() default "";
}
