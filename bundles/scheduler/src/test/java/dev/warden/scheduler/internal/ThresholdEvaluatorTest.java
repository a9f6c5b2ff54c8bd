package dev.warden.scheduler.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Metric;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import dev.warden.api.dto.Threshold;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdEvaluatorTest {

    private static CheckResult result(Status status, double latency) {
        return new CheckResult("r1", status, "http 200", null, List.of(new Metric("latency_ms", latency, "ms", null, null, null, null)),
                Map.of(), "2026-01-01T00:00:00Z", "p", "1.0.0", "a", "agent", new RunStats(1, 0, 0, 0, 0, 0, 0, null), List.of());
    }

    private static final Map<String, Threshold> LATENCY = Map.of("latency_ms", new Threshold("200", "500"));

    @Test
    void critRangeRaisesToCriticalAndSaysWhy() {
        CheckResult r = ThresholdEvaluator.apply(result(Status.OK, 700), LATENCY);
        assertEquals(Status.CRITICAL, r.status());
        assertEquals("http 200 (latency_ms=700 breaches crit threshold 500)", r.summary());
    }

    @Test
    void warnRangeRaisesToWarning() {
        assertEquals(Status.WARNING, ThresholdEvaluator.apply(result(Status.OK, 300), LATENCY).status());
    }

    @Test
    void valueInsideBothRangesKeepsTheResult() {
        CheckResult in = result(Status.OK, 100);
        assertSame(in, ThresholdEvaluator.apply(in, LATENCY));
    }

    @Test
    void thresholdsNeverLowerTheStatus() {
        assertEquals(Status.CRITICAL, ThresholdEvaluator.apply(result(Status.CRITICAL, 300), LATENCY).status());
        assertEquals(Status.WARNING, ThresholdEvaluator.apply(result(Status.WARNING, 1), LATENCY).status());
    }

    @Test
    void unknownStaysUnknown() {
        assertEquals(Status.UNKNOWN, ThresholdEvaluator.apply(result(Status.UNKNOWN, 900), LATENCY).status());
    }

    @Test
    void metricsWithoutThresholdsAndBadRangesAreIgnored() {
        CheckResult r = result(Status.OK, 900);
        assertSame(r, ThresholdEvaluator.apply(r, Map.of("other", new Threshold("1", "2"))));
        assertSame(r, ThresholdEvaluator.apply(r, Map.of("latency_ms", new Threshold("abc", null))));
    }

    @Test
    void insideRangeAlertsWithAtSign() {
        Map<String, Threshold> t = Map.of("latency_ms", new Threshold(null, "@10:20"));
        assertEquals(Status.CRITICAL, ThresholdEvaluator.apply(result(Status.OK, 15), t).status());
        assertEquals(Status.OK, ThresholdEvaluator.apply(result(Status.OK, 25), t).status());
    }
}
