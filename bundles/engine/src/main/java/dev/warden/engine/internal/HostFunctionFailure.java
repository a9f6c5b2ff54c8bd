package dev.warden.engine.internal;

/**
 * A host function threw something other than a guest-memory error: carried through the guest's
 * stack unchanged so the run can end as {@code UNKNOWN} naming the function, not as a trap.
 */
final class HostFunctionFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String function;

    HostFunctionFailure(String function, Throwable cause) {
        super("host function " + function + " failed: " + describe(cause), cause);
        this.function = function;
    }

    String function() {
        return function;
    }

    private static String describe(Throwable t) {
        String msg = t.getMessage();
        return msg == null || msg.isBlank() ? t.getClass().getSimpleName() : msg;
    }
}
