package dev.warden.engine.internal;

/**
 * Limits that hold a hostile run in check while it executes, beyond its memory and time: how many
 * host calls it may make, and the agent-wide memory budget that decides how many runs may be in
 * flight at once.
 *
 * @param maxHostCalls host calls one run may make; the call past it ends the run
 * @param memoryBudgetMb sum of the memory caps of the runs in flight; 0 means half the JVM's maximum heap
 * @param admissionWaitMs how long a run waits for room in the memory budget before it is refused
 *        (never longer than its own timeout)
 */
public record RunLimits(long maxHostCalls, int memoryBudgetMb, long admissionWaitMs) {

    public static final long DEFAULT_MAX_HOST_CALLS = 100_000;
    public static final long DEFAULT_ADMISSION_WAIT_MS = 1000;
    static final long MIB = 1024L * 1024;

    public RunLimits {
        maxHostCalls = Math.max(1, maxHostCalls);
        memoryBudgetMb = Math.max(0, memoryBudgetMb);
        admissionWaitMs = Math.max(0, admissionWaitMs);
    }

    public static RunLimits defaults() {
        return new RunLimits(DEFAULT_MAX_HOST_CALLS, 0, DEFAULT_ADMISSION_WAIT_MS);
    }

    /** The budget in bytes, derived from the heap when not configured. */
    long memoryBudgetBytes(long maxHeapBytes) {
        return memoryBudgetMb > 0 ? memoryBudgetMb * MIB : Math.max(MIB, maxHeapBytes / 2);
    }

    public RunLimits withMaxHostCalls(long n) {
        return new RunLimits(n, memoryBudgetMb, admissionWaitMs);
    }

    public RunLimits withMemoryBudget(int mb, long waitMs) {
        return new RunLimits(maxHostCalls, mb, waitMs);
    }
}
