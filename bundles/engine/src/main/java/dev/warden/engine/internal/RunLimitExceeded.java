package dev.warden.engine.internal;

/**
 * A run went past one of its limits at a point where the only safe answer is to end it: thrown on
 * the guest thread and carried through the guest's stack so the run ends as {@code UNKNOWN} with
 * this reason, not as a plain trap.
 */
final class RunLimitExceeded extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String abnormalEnd;

    RunLimitExceeded(String abnormalEnd, String summary) {
        super(summary, null, false, false); // thrown on hot paths by hostile guests: no stack trace
        this.abnormalEnd = abnormalEnd;
    }

    String abnormalEnd() {
        return abnormalEnd;
    }
}
