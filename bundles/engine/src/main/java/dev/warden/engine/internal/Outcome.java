package dev.warden.engine.internal;

/** How a run ended, before it is turned into a result. */
sealed interface Outcome {

    /** The entrypoint returned, or the plugin called {@code proc_exit(0)}. */
    record Completed() implements Outcome {
    }

    /** The plugin called {@code proc_exit} with a non-zero code. */
    record Exited(int code) implements Outcome {
    }

    record Trapped(String message) implements Outcome {
    }

    record HostFailed(String message) implements Outcome {
    }

    /** The guest stopped because its thread was interrupted (the caller decides why). */
    record Interrupted() implements Outcome {
    }

    record TimedOut(long timeoutMs, boolean abandoned) implements Outcome {
    }

    /** The run never started or could not continue, for a reason the engine names. */
    record Refused(String abnormalEnd, String summary) implements Outcome {
    }
}
