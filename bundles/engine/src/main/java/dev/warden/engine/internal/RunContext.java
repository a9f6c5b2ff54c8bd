package dev.warden.engine.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
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
    private final long maxHostCalls;
    private volatile long deadlineNanos;
    private volatile boolean clockStarted;
    /** Set when the engine is done with the run; a guest still running (abandoned) is stopped at its next host call. */
    private volatile boolean ended;
    private volatile long endedMemoryBytes;
    private volatile Memory memory;
    private volatile CheckResult submitted;
    private volatile long hostCalls;
    private volatile long egressBytes;
    /** Denials may be reported from any thread the egress uses, not only the guest thread. */
    private final AtomicLong egressDenied = new AtomicLong();

    RunContext(RunInfo info, PluginManifest manifest, Grants grants, String params, RunLog log) {
        this(info, manifest, grants, params, log, RunLimits.DEFAULT_MAX_HOST_CALLS);
    }

    RunContext(RunInfo info, PluginManifest manifest, Grants grants, String params, RunLog log, long maxHostCalls) {
        this.info = info;
        this.manifest = manifest;
        this.grants = grants;
        this.params = params;
        this.log = log;
        this.maxHostCalls = maxHostCalls;
        this.deadlineNanos = System.nanoTime();
    }

    void startClock(long timeoutMs) {
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        clockStarted = true;
    }

    /**
     * Called on the guest thread before each host call with the calling instance's memory (known
     * even during start-up). Ends the run at the call past the host-call limit, and stops a guest
     * that is past its deadline or whose run is over but which still runs because a handler
     * swallowed its interruption.
     */
    void enter(Memory current) {
        stopIfOver();
        if (memory == null) {
            memory = current;
        }
        long n = ++hostCalls; // single writer: the guest thread
        if (n > maxHostCalls) {
            throw new RunLimitExceeded("host_call_limit", "host call limit of " + maxHostCalls + " reached");
        }
    }

    /** Called on the guest thread after each host call returned normally. */
    void leave() {
        stopIfOver();
    }

    private void stopIfOver() {
        if (ended || overdue()) {
            // Compiled code checks the flag on backward jumps and the interpreter on every
            // instruction: whatever the guest does next, it stops.
            Thread.currentThread().interrupt();
            throw new ChicoryInterruptedException("the run's time is up");
        }
    }

    /** True once the run's wall-clock budget is spent. */
    boolean overdue() {
        return clockStarted && System.nanoTime() - deadlineNanos >= 0;
    }

    /** Called when memory 0 of the run's instance is created, before any guest code runs. */
    void attach(Memory current) {
        memory = current;
    }

    Memory memory() {
        return memory;
    }

    /** Linear memory now (it never shrinks, so also its peak); after {@link #end()} the size it ended with. */
    long memoryBytes() {
        if (ended) {
            return endedMemoryBytes;
        }
        Memory m = memory;
        return m == null ? 0 : (long) m.pages() * Memory.PAGE_SIZE;
    }

    /**
     * The engine is done with the run: keeps its final figures and lets go of the guest memory, so
     * a capability that kept this context pins nothing large, and a guest that still runs can make
     * no more host calls.
     */
    void end() {
        if (!ended) {
            endedMemoryBytes = memoryBytes();
            ended = true;
            memory = null;
        }
        resources.closeAll();
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
        if (m == null || ended) {
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
