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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything one run accumulates and exposes to host functions. Written by the guest thread,
 * read by the waiting caller after the run ends (or, for an abandoned run, while it lingers).
 */
final class RunContext implements CallContext {

    private static final Logger LOG = LoggerFactory.getLogger(RunContext.class);
    /** A plugin chooses the target text: keep it short and on one line in the operator's log. */
    private static final int MAX_TARGET_CHARS = 256;

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
    /** Denials may be reported from any thread the egress uses, not only the guest thread. */
    private final AtomicLong egressDenied = new AtomicLong();

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

    long egressDenied() {
        return egressDenied.get();
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
    public void egressDenied(String rule, String target) {
        egressDenied.incrementAndGet();
        String safeRule = printable(rule);
        String safeTarget = printable(target);
        if (info == null) {
            LOG.warn("egress denied by {}: {}", safeRule, safeTarget);
        } else {
            LOG.warn("egress denied by {}: {} (plugin {} {}, assignment {}, run {})", safeRule, safeTarget,
                    info.pluginId(), info.pluginVersion(), info.assignmentId(), info.runId());
        }
        log.add(LogLevel.WARN, "egress denied by " + safeRule + ": " + safeTarget);
    }

    /** Control characters (CR/LF from a hostile URL) could forge lines in the operator's log. */
    static String printable(String text) {
        if (text == null) {
            return "-";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_TARGET_CHARS));
        for (int i = 0; i < text.length() && out.length() < MAX_TARGET_CHARS; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() > MAX_TARGET_CHARS) {
            out.append("...");
        }
        return out.toString();
    }

    @Override
    public <T extends AutoCloseable> T resource(Class<T> type, Supplier<T> factory) {
        return resources.get(type, factory);
    }
}
