package dev.warden.api;

import dev.warden.api.dto.CheckResult;
import org.osgi.annotation.versioning.ConsumerType;

/** Receives every finished result (whiteboard: any number may be registered). */
@ConsumerType
public interface ResultSink {

    /**
     * Takes a result. When this returns the sink has accepted it (a durable sink has it on disk).
     * Must not throw for a well-formed result.
     */
    void publish(dev.warden.api.dto.CheckResult result);
}
