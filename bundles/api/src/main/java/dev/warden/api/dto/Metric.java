package dev.warden.api.dto;

/** One measured value of a result. */
public record Metric(String name, double value, String unit, Double warn, Double crit, Double min, Double max) {
}
