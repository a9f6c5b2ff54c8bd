package dev.warden.engine.internal;

import com.dylibso.chicory.runtime.Memory;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.RunInfo;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Everything one run accumulates and exposes to host functions. Written by the guest thread,
 * read by the waiting caller after the run ends (or, for an abandoned run, while it lingers).
 */
final class RunContext implements CallContext {

    private final RunInfo info;
    private final PluginManifest manifest;
    private final Grants grants;
    private final String params;
    private final RunLog log;
    private final RunResources resources = new RunResources();
    private volatile long deadlineNanos;
    private volatile Memory memory;
    private volatile CheckResult submitted;
    private volatile long hostCalls;
    private volatile long egressBytes;

    RunContext(RunInfo info, PluginManifest manifest, Grants grants, String params, RunLog log) {
        this.info = info;
        this.manifest = manifest;
        this.grants = grants;
        this.params = params;
        this.log = log;
        this.deadlineNanos = System.nanoTime();
    }

    void startClock(long timeoutMs) {
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    /** Called on each host call with the calling instance: the memory becomes known even during start-up. */
    void enter(Memory current) {
        if (memory == null) {
            memory = current;
        }
        hostCalls++; // single writer: the guest thread
    }

    void attach(Memory current) {
        memory = current;
    }

    Memory memory() {
        return memory;
    }

    long memoryBytes() {
        Memory m = memory;
        return m == null ? 0 : (long) m.pages() * Memory.PAGE_SIZE;
    }

    CheckResult submitted() {
        return submitted;
    }

    long hostCalls() {
        return hostCalls;
    }

    long egressBytes() {
        return egressBytes;
    }

    RunLog runLog() {
        return log;
    }

    RunResources resources() {
        return resources;
    }

    @Override
    public RunInfo run() {
        return info;
    }

    @Override
    public PluginManifest manifest() {
        return manifest;
    }

    @Override
    public Grants grants() {
        return grants;
    }

    @Override
    public String params() {
        return params;
    }

    @Override
    public long remainingMillis() {
        long left = deadlineNanos - System.nanoTime();
        return left <= 0 ? 0 : TimeUnit.NANOSECONDS.toMillis(left);
    }

    @Override
    public byte[] read(int ptr, int len) {
        Memory m = checked(ptr, len);
        return len == 0 ? new byte[0] : m.readBytes(ptr, len);
    }

    @Override
    public void write(int ptr, byte[] bytes) {
        if (bytes == null) {
            throw new GuestMemoryException("nothing to write");
        }
        Memory m = checked(ptr, bytes.length);
        if (bytes.length > 0) {
            m.write(ptr, bytes);
        }
    }

    private Memory checked(int ptr, int len) {
        Memory m = memory;
        if (m == null) {
            throw new GuestMemoryException("the module has no memory");
        }
        long size = (long) m.pages() * Memory.PAGE_SIZE;
        if (ptr < 0 || len < 0 || (long) ptr + len > size) {
            throw new GuestMemoryException("range " + Integer.toUnsignedString(ptr) + "+" + len
                    + " is outside the guest memory of " + size + " bytes");
        }
        return m;
    }

    @Override
    public void log(LogLevel level, String message) {
        log.add(level, message);
    }

    @Override
    public void submitResult(CheckResult result) {
        if (result != null) {
            submitted = result;
        }
    }

    @Override
    public void addEgressBytes(long bytes) {
        if (bytes > 0) {
            synchronized (this) {
                egressBytes += bytes;
            }
        }
    }

    @Override
    public <T extends AutoCloseable> T resource(Class<T> type, Supplier<T> factory) {
        return resources.get(type, factory);
    }
}
