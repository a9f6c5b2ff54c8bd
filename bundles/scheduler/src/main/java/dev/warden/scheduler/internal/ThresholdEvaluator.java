package dev.warden.scheduler.internal;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Metric;
import dev.warden.api.dto.Status;
import dev.warden.api.dto.Threshold;
import dev.warden.common.threshold.NagiosRange;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies an assignment's operator thresholds to a result's metrics. Thresholds can only make a
 * result worse: the operator's view of "bad" is added to the plugin's, never substituted for it.
 */
final class ThresholdEvaluator {

    private static final Logger LOG = LoggerFactory.getLogger(ThresholdEvaluator.class);

    private ThresholdEvaluator() {
    }

    static CheckResult apply(CheckResult result, Map<String, Threshold> thresholds) {
        if (thresholds.isEmpty() || result.status() == Status.UNKNOWN || result.status() == null) {
            return result;
        }
        Status worst = Status.OK;
        String reason = null;
        for (Metric metric : result.metrics()) {
            Threshold t = thresholds.get(metric.name());
            if (t == null) {
                continue;
            }
            if (breaches(t.crit(), metric) && worst != Status.CRITICAL) {
                worst = Status.CRITICAL;
                reason = describe(metric, "crit", t.crit());
            } else if (worst == Status.OK && breaches(t.warn(), metric)) {
                worst = Status.WARNING;
                reason = describe(metric, "warn", t.warn());
            }
        }
        if (worst.ordinal() <= result.status().ordinal()) {
            return result;
        }
        String summary = result.summary() == null || result.summary().isBlank() ? reason : result.summary() + " (" + reason + ")";
        return result.withStatus(worst, summary);
    }

    private static boolean breaches(String range, Metric metric) {
        if (range == null || range.isBlank()) {
            return false;
        }
        try {
            return NagiosRange.parse(range).alerts(metric.value());
        } catch (IllegalArgumentException e) {
            LOG.warn("Ignoring threshold on metric {}: {}", metric.name(), e.getMessage());
            return false;
        }
    }

    private static String describe(Metric metric, String level, String range) {
        return metric.name() + "=" + format(metric.value()) + " breaches " + level + " threshold " + range.trim();
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
