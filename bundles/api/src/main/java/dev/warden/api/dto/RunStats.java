package dev.warden.api.dto;

/**
 * What one run cost, added by the host to every result.
 *
 * @param egressDenied network calls the egress policy refused
 * @param abnormalEnd null for a normal end, otherwise a short reason code such as {@code trap},
 *        {@code timeout}, {@code memory_cap}, {@code no_result}, {@code invalid_result}, {@code missing_capability}
 */
public record RunStats(long wallMs, long cpuMs, long memoryPeakBytes, long hostCalls, long egressBytes,
        long egressDenied, long logBytes, long logDropped, String abnormalEnd) {

    /** Stats of a run that made no denied network call. */
    public RunStats(long wallMs, long cpuMs, long memoryPeakBytes, long hostCalls, long egressBytes, long logBytes,
            long logDropped, String abnormalEnd) {
        this(wallMs, cpuMs, memoryPeakBytes, hostCalls, egressBytes, 0, logBytes, logDropped, abnormalEnd);
    }
}
