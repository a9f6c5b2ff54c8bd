package dev.warden.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleTimingTest {

    @Test
    void firstRunComesWithinTwoSecondsEvenForLongIntervals() {
        assertTrue(new ScheduleTiming(10, () -> 0.999).firstDelayMs(3_600_000) < 2_000);
        assertTrue(new ScheduleTiming(10, () -> 0.999).firstDelayMs(500) < 500);
    }

    @Test
    void jitterStaysWithinItsShareOfTheInterval() {
        assertEquals(900, new ScheduleTiming(10, () -> 0.0).nextIntervalMs(1000));
        assertEquals(1100, new ScheduleTiming(10, () -> 1.0).nextIntervalMs(1000));
        assertEquals(1000, new ScheduleTiming(0, () -> 0.0).nextIntervalMs(1000));
    }
}
