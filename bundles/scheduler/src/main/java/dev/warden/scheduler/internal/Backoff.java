package dev.warden.scheduler.internal;

/**
 * How long a failing assignment is held back: nothing for its first {@code afterFailures - 1}
 * failures in a row, then its interval doubled for every further failure, never more than the cap
 * (and never less than the interval itself, so a cap below the interval simply means no backoff).
 */
final class Backoff {

    static final int DEFAULT_AFTER_FAILURES = 3;
    static final long DEFAULT_MAX_MS = 15 * 60_000L;

    private final int afterFailures;
    private final long maxMs;

    Backoff(int afterFailures, long maxMs) {
        this.afterFailures = Math.max(1, afterFailures);
        this.maxMs = Math.max(1, maxMs);
    }

    static Backoff defaults() {
        return new Backoff(DEFAULT_AFTER_FAILURES, DEFAULT_MAX_MS);
    }

    /** The delay from the failing run's due time to the next run allowed, or 0 when not backing off. */
    long delayMs(long intervalMs, int consecutiveFailures) {
        if (consecutiveFailures < afterFailures) {
            return 0;
        }
        int k = consecutiveFailures - afterFailures + 1;
        long interval = Math.max(1, intervalMs);
        // beyond 2^62 (or once the cap is passed) the shift would overflow; the cap answers anyway
        long grown = k >= 62 || interval > (Long.MAX_VALUE >> k) ? Long.MAX_VALUE : interval << k;
        return Math.max(interval, Math.min(grown, maxMs));
    }

    int afterFailures() {
        return afterFailures;
    }
}
