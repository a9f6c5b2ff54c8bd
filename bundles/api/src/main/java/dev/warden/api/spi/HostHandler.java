package dev.warden.api.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The Java side of one host function. Arguments and results are raw Wasm values (i32 in the
 * low 32 bits). Errors the plugin caused are returned as ABI codes, never thrown; an exception
 * (other than {@link GuestMemoryException}, which the engine turns into {@code -1}) ends the run
 * as {@code UNKNOWN}.
 */
@ConsumerType
@FunctionalInterface
public interface HostHandler {

    long[] call(CallContext ctx, long[] args);
}
