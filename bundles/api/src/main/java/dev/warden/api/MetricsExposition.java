package dev.warden.api;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ProviderType;

/** Metrics in the Prometheus text exposition format, served by the web bundle at {@code /metrics}. */
@ProviderType
public interface MetricsExposition {

    /** The exposition's content type, e.g. {@code text/plain; version=0.0.4; charset=utf-8}. */
    String contentType();

    /** Writes the current metrics. */
    void write(OutputStream out) throws IOException;
}
