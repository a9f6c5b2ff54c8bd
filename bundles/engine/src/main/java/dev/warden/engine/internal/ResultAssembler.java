package dev.warden.engine.internal;

import dev.warden.api.RunRequest;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.LogLine;
import dev.warden.api.dto.RunStats;
import dev.warden.api.dto.Status;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Turns how a run ended into the result the agent records: the plugin's own result when it ended
 * normally and submitted one, otherwise {@code UNKNOWN} with the reason; always with the host's
 * ids, stats and capped logs.
 */
final class ResultAssembler {

    private ResultAssembler() {
    }

    /** The measurements of one run, gathered by the engine. */
    record Measured(long wallMs, long cpuMs, long memoryPeakBytes, long hostCalls, long egressBytes,
            long egressDenied, long logBytes, long logDropped, List<LogLine> logs) {
    }

    static CheckResult assemble(String id, RunRequest request, Outcome outcome, CheckResult submitted,
            Measured m) {
        Status status = Status.UNKNOWN;
        String summary;
        String abnormal;
        CheckResult own = null;
        if (outcome instanceof Outcome.Completed) {
            if (submitted == null) {
                summary = "plugin did not submit a result";
                abnormal = "no_result";
            } else if (submitted.status() == null) {
                summary = "invalid result: no status";
                abnormal = "invalid_result";
            } else {
                own = submitted;
                status = submitted.status();
                summary = submitted.summary();
                abnormal = null;
            }
        } else if (outcome instanceof Outcome.Exited exited) {
            summary = "proc_exit(" + exited.code() + ")";
            abnormal = "exit";
        } else if (outcome instanceof Outcome.Trapped trapped) {
            summary = "trap: " + trapped.message();
            abnormal = "trap";
        } else if (outcome instanceof Outcome.HostFailed failed) {
            summary = failed.message();
            abnormal = "host_failure";
        } else if (outcome instanceof Outcome.TimedOut timedOut) {
            summary = "timeout: run exceeded " + timedOut.timeoutMs() + " ms"
                    + (timedOut.abandoned() ? " and ignored interruption" : "");
            abnormal = "timeout";
        } else if (outcome instanceof Outcome.Interrupted) {
            summary = "run interrupted: the agent is stopping";
            abnormal = "interrupted";
        } else if (outcome instanceof Outcome.Refused refused) {
            summary = refused.summary();
            abnormal = refused.abnormalEnd();
        } else {
            summary = "engine failure: unknown outcome " + outcome;
            abnormal = "internal";
        }
        var info = request.plugin().info();
        String observed = own != null && own.observedAt() != null && !own.observedAt().isBlank() ? own.observedAt()
                : Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        RunStats stats = new RunStats(m.wallMs(), m.cpuMs(), m.memoryPeakBytes(), m.hostCalls(), m.egressBytes(),
                m.egressDenied(), m.logBytes(), m.logDropped(), abnormal);
        return new CheckResult(id, status, summary, own == null ? null : own.perfdata(),
                own == null ? null : own.metrics(), own == null ? null : own.labels(), observed,
                info == null ? null : info.id(), info == null ? null : info.version(),
                request.assignment() == null ? null : request.assignment().id(), request.agentId(), stats, m.logs());
    }
}
