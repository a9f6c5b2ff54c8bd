package dev.warden.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(3, 10_000);

    @Test
    void noBackoffBeforeTheThresholdIsReached() {
        assertEquals(0, backoff.delayMs(1000, 0));
        assertEquals(0, backoff.delayMs(1000, 1));
        assertEquals(0, backoff.delayMs(1000, 2));
    }

    @Test
    void delayDoublesWithEveryFurtherFailureFromTheThresholdOn() {
        assertEquals(2000, backoff.delayMs(1000, 3));
        assertEquals(4000, backoff.delayMs(1000, 4));
        assertEquals(8000, backoff.delayMs(1000, 5));
    }

    @Test
    void delayIsCappedAndNeverOverflows() {
        assertEquals(10_000, backoff.delayMs(1000, 6));
        assertEquals(10_000, backoff.delayMs(1000, 70));
        assertEquals(10_000, backoff.delayMs(1000, Integer.MAX_VALUE));
        assertEquals(Backoff.DEFAULT_MAX_MS, Backoff.defaults().delayMs(60_000, 1000));
    }

    @Test
    void aCapBelowTheIntervalNeverShortensTheInterval() {
        assertEquals(30_000, backoff.delayMs(30_000, 3));
    }

    @Test
    void thresholdOfOneBacksOffOnTheFirstFailure() {
        assertEquals(200, new Backoff(1, 10_000).delayMs(100, 1));
        assertEquals(0, new Backoff(1, 10_000).delayMs(100, 0));
    }
}
