package dev.warden.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.AssignmentStats;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AssignmentTallyTest {

    private static final long INTERVAL = 1000;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final AssignmentTally tally = new AssignmentTally("a", "demo");
    private final Backoff backoff = new Backoff(3, 5_000);

    private static CheckResult result(Status status, String abnormalEnd, RunStats stats) {
        RunStats s = stats != null ? stats : new RunStats(1, 0, 0, 0, 0, 0, 0, abnormalEnd);
        return new CheckResult("r", status, "s", null, List.of(), Map.of(), T0.toString(), "demo", "1.0.0", "a", "agent",
                s, List.of());
    }

    private AssignmentTally.Verdict recordAt(long seconds, CheckResult r) {
        long nanos = TimeUnit.SECONDS.toNanos(seconds);
        return tally.record(r, INTERVAL, backoff, nanos, nanos, T0.plusSeconds(seconds), T0.plusSeconds(seconds));
    }

    @Test
    void unknownAndAbnormalEndsCountAsFailuresOtherStatusesDoNot() {
        assertTrue(AssignmentTally.failed(result(Status.UNKNOWN, null, null)));
        assertTrue(AssignmentTally.failed(result(Status.OK, "log_cap", null)));
        assertFalse(AssignmentTally.failed(result(Status.CRITICAL, null, null)));
        assertFalse(AssignmentTally.failed(result(Status.WARNING, null, null)));
    }

    @Test
    void backoffStartsAtTheThresholdAndHoldsTicksBackUntilItEnds() {
        assertEquals(0, recordAt(0, result(Status.UNKNOWN, "trap", null)).backoffMs());
        assertEquals(0, recordAt(1, result(Status.UNKNOWN, "trap", null)).backoffMs());
        assertFalse(tally.holdsBack(TimeUnit.SECONDS.toNanos(2)));

        AssignmentTally.Verdict third = recordAt(2, result(Status.UNKNOWN, "trap", null));
        assertEquals(3, third.consecutiveFailures());
        assertEquals(2000, third.backoffMs());
        assertTrue(tally.holdsBack(TimeUnit.SECONDS.toNanos(3)));
        assertFalse(tally.holdsBack(TimeUnit.SECONDS.toNanos(4)), "due exactly at the end of the backoff runs");

        AssignmentStats s = tally.snapshot();
        assertEquals(1, s.backedOff());
        assertEquals(3, s.consecutiveFailures());
        assertEquals("2026-01-01T00:00:04Z", s.backoffUntil());
    }

    @Test
    void backoffGrowsThenCapsAndTheFirstSuccessEndsIt() {
        long[] delays = new long[5];
        for (int i = 0; i < 7; i++) {
            AssignmentTally.Verdict v = recordAt(i, result(Status.UNKNOWN, "timeout", null));
            if (i >= 2) {
                delays[i - 2] = v.backoffMs();
            }
        }
        assertEquals(List.of(2000L, 4000L, 5000L, 5000L, 5000L), java.util.Arrays.stream(delays).boxed().toList());

        AssignmentTally.Verdict ok = recordAt(7, result(Status.OK, null, null));
        assertTrue(ok.recovered());
        assertEquals(0, ok.consecutiveFailures());
        assertFalse(tally.holdsBack(TimeUnit.SECONDS.toNanos(8)));
        assertNull(tally.snapshot().backoffUntil());
        assertEquals(0, tally.snapshot().consecutiveFailures());
    }

    @Test
    void successBeforeTheThresholdIsNotARecovery() {
        recordAt(0, result(Status.UNKNOWN, "trap", null));
        assertFalse(recordAt(1, result(Status.OK, null, null)).recovered());
    }

    @Test
    void forgettingFailuresEndsTheBackoffButKeepsTheTotals() {
        for (int i = 0; i < 3; i++) {
            recordAt(i, result(Status.UNKNOWN, "trap", null));
        }
        tally.forgetFailures();
        assertFalse(tally.holdsBack(TimeUnit.SECONDS.toNanos(3)));
        assertEquals(0, tally.snapshot().consecutiveFailures());
        assertEquals(3, tally.snapshot().unknown());
    }

    @Test
    void figuresAddUp() {
        recordAt(0, result(Status.OK, null, new RunStats(10, 4, 65536, 3, 100, 1, 50, 0, null)));
        recordAt(1, result(Status.WARNING, null, new RunStats(20, 6, 131072, 2, 200, 0, 70, 5, null)));
        recordAt(2, result(Status.CRITICAL, null, new RunStats(5, 1, 1024, 1, 0, 2, 0, 0, null)));
        recordAt(3, result(Status.UNKNOWN, "trap", new RunStats(1, 1, 4096, 0, 0, 0, 10, 0, "trap")));
        tally.countSkipped();
        tally.countLate();
        tally.countLate();

        AssignmentStats s = tally.snapshot();
        assertEquals(new AssignmentStats("a", "demo", 4, 1, 1, 1, 1, 1, 2, 0, 1, null, Status.UNKNOWN,
                "2026-01-01T00:00:03Z", 36, 12, 131072, 6, 130, 300, 3), s);
        assertEquals(s.runs(), s.ok() + s.warning() + s.critical() + s.unknown());
    }
}
