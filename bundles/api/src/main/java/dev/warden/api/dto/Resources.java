package dev.warden.api.dto;

/** Resource requests of a plugin; null fields mean "agent default". */
public record Resources(Integer requestedMemoryMb, Long timeoutMs, Integer maxOpenConnections,
        Long maxHttpResponseBytes, Long maxLogBytes, Long requestedCpuMs) {

    public static final Resources DEFAULTS = new Resources(null, null, null, null, null, null);
}
