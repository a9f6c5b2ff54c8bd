package dev.warden.api.dto;

/** Operator thresholds on one metric, in Nagios range syntax (e.g. {@code 200}, {@code 10:}, {@code @5:10}). */
public record Threshold(String warn, String crit) {
}
