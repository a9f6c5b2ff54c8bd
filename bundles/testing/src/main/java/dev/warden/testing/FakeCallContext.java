package dev.warden.testing;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.RunInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/** A run context over a plain byte array, recording what the host function did. */
public final class FakeCallContext implements CallContext {

    public record Logged(LogLevel level, String message) {
    }

    public final byte[] memory;
    public final List<Logged> logs = new ArrayList<>();
    public final List<CheckResult> results = new ArrayList<>();
    public final List<String> denials = new ArrayList<>();
    public long egressBytes;
    private final java.util.Map<Class<?>, AutoCloseable> resources = new java.util.LinkedHashMap<>();
    public String params = "{}";

    public FakeCallContext(int size) {
        memory = new byte[size];
    }

    @Override
    public RunInfo run() {
        return new RunInfo("run-1", "test-plugin", "1.0.0", "a1", "agent");
    }

    @Override
    public PluginManifest manifest() {
        return new PluginManifest("test-plugin", "Test", "1.0.0", null, null, null, null, null, null, null, null,
                null, null);
    }

    @Override
    public Grants grants() {
        return Grants.MANIFEST;
    }

    @Override
    public String params() {
        return params;
    }

    @Override
    public long remainingMillis() {
        return 1000;
    }

    @Override
    public byte[] read(int ptr, int len) {
        check(ptr, len);
        return Arrays.copyOfRange(memory, ptr, ptr + len);
    }

    @Override
    public void write(int ptr, byte[] bytes) {
        check(ptr, bytes.length);
        System.arraycopy(bytes, 0, memory, ptr, bytes.length);
    }

    private void check(int ptr, int len) {
        if (ptr < 0 || len < 0 || (long) ptr + len > memory.length) {
            throw new GuestMemoryException("out of bounds: " + ptr + "+" + len);
        }
    }

    @Override
    public void log(LogLevel level, String message) {
        logs.add(new Logged(level, message));
    }

    @Override
    public void submitResult(CheckResult result) {
        results.add(result);
    }

    @Override
    public void addEgressBytes(long bytes) {
        egressBytes += bytes;
    }

    @Override
    public void egressDenied(String rule, String target) {
        denials.add(rule + " " + target);
    }

    @Override
    public <T extends AutoCloseable> T resource(Class<T> type, Supplier<T> factory) {
        return type.cast(resources.computeIfAbsent(type, t -> factory.get()));
    }

    /** Ends the "run": closes every resource, as the engine does. */
    public void closeResources() throws Exception {
        for (AutoCloseable r : resources.values()) {
            r.close();
        }
        resources.clear();
    }
}
