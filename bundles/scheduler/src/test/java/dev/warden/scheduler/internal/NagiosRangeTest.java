package dev.warden.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.common.threshold.NagiosRange;
import org.junit.jupiter.api.Test;

/** The range parser lives in warden-common (embedded here); the scheduler is where it matters. */
class NagiosRangeTest {

    @Test
    void plainNumberAlertsOutsideZeroToIt() {
        NagiosRange r = NagiosRange.parse("10");
        assertTrue(r.alerts(-1));
        assertTrue(r.alerts(11));
        assertFalse(r.alerts(0));
        assertFalse(r.alerts(10));
    }

    @Test
    void openEndAlertsBelowStart() {
        NagiosRange r = NagiosRange.parse("10:");
        assertTrue(r.alerts(9.9));
        assertFalse(r.alerts(1e9));
    }

    @Test
    void tildeStartAlertsAboveEnd() {
        NagiosRange r = NagiosRange.parse("~:10");
        assertFalse(r.alerts(-1e9));
        assertTrue(r.alerts(10.5));
    }

    @Test
    void boundedRangeAlertsOutside() {
        NagiosRange r = NagiosRange.parse("10:20");
        assertTrue(r.alerts(9));
        assertFalse(r.alerts(15));
        assertTrue(r.alerts(21));
    }

    @Test
    void atSignAlertsInsideInclusive() {
        NagiosRange r = NagiosRange.parse("@10:20");
        assertTrue(r.alerts(10));
        assertTrue(r.alerts(20));
        assertFalse(r.alerts(9));
        assertFalse(r.alerts(21));
    }

    @Test
    void malformedRangesAreRefusedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> NagiosRange.parse(""));
        assertThrows(IllegalArgumentException.class, () -> NagiosRange.parse("abc"));
        assertThrows(IllegalArgumentException.class, () -> NagiosRange.parse("20:10"));
        assertThrows(IllegalArgumentException.class, () -> NagiosRange.parse("1:2:3"));
    }

    @Test
    void notANumberNeverAlerts() {
        assertFalse(NagiosRange.parse("10").alerts(Double.NaN));
    }
}
