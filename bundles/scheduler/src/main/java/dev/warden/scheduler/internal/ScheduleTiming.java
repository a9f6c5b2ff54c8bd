package dev.warden.scheduler.internal;

import java.util.function.DoubleSupplier;

/** When runs are due: a short random first delay, then the interval varied by jitter. */
final class ScheduleTiming {

    /** A fresh agent should show results within seconds, whatever the interval. */
    static final long MAX_FIRST_DELAY_MS = 2_000;

    private final int jitterPercent;
    private final DoubleSupplier random;

    ScheduleTiming(int jitterPercent, DoubleSupplier random) {
        this.jitterPercent = Math.max(0, Math.min(50, jitterPercent));
        this.random = random;
    }

    long firstDelayMs(long intervalMs) {
        return (long) (random.getAsDouble() * Math.min(intervalMs, MAX_FIRST_DELAY_MS));
    }

    /** The next interval: {@code intervalMs} plus or minus up to {@code jitterPercent} of it. */
    long nextIntervalMs(long intervalMs) {
        double spread = intervalMs * jitterPercent / 100.0;
        long next = Math.round(intervalMs + (random.getAsDouble() * 2 - 1) * spread);
        return Math.max(1, next);
    }
}
