package dev.warden.scheduler.internal;

import dev.warden.api.ResultSink;
import dev.warden.api.dto.CheckResult;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Hands a result to every sink; one failing sink must not keep the result from the others. */
final class ResultFanOut {

    private static final Logger LOG = LoggerFactory.getLogger(ResultFanOut.class);

    private final Supplier<List<ResultSink>> sinks;

    ResultFanOut(Supplier<List<ResultSink>> sinks) {
        this.sinks = sinks;
    }

    /** @return how many sinks accepted the result */
    int publish(CheckResult result) {
        int accepted = 0;
        for (ResultSink sink : sinks.get()) {
            try {
                sink.publish(result);
                accepted++;
            } catch (RuntimeException | LinkageError e) {
                LOG.error("Result sink {} failed on result {} of assignment {}", sink, result.id(), result.assignmentId(), e);
            }
        }
        return accepted;
    }
}
