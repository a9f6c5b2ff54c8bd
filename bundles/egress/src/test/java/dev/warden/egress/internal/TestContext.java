package dev.warden.egress.internal;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Resources;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.RunInfo;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** A run with chosen grants, caps and time left, recording what egress reported. */
final class TestContext implements CallContext {

    final List<String> denials = new CopyOnWriteArrayList<>();
    final AtomicLong egressBytes = new AtomicLong();
    /** Guest memory, for tests of host functions over the real egress. */
    final byte[] memory = new byte[64 * 1024];
    private final Map<Class<?>, AutoCloseable> resources = new ConcurrentHashMap<>();
    private final Permissions permissions;
    private final Resources limits;
    private final long deadline;

    TestContext(Permissions permissions, Resources limits, long budgetMs) {
        this.permissions = permissions;
        this.limits = limits;
        this.deadline = System.currentTimeMillis() + budgetMs;
    }

    static TestContext granting(List<String> domains, List<String> networks, List<Integer> ports) {
        return new TestContext(new Permissions(domains, networks, ports, false), Resources.DEFAULTS, 30_000);
    }

    @Override
    public RunInfo run() {
        return new RunInfo("run-1", "egress-test", "1.0.0", "a1", "agent");
    }

    @Override
    public PluginManifest manifest() {
        return new PluginManifest("egress-test", "Egress test", "1.0.0", null, null, null, null, null, permissions,
                limits, null, null, null);
    }

    @Override
    public Grants grants() {
        return new Grants(null, permissions);
    }

    @Override
    public String params() {
        return "{}";
    }

    @Override
    public long remainingMillis() {
        return Math.max(0, deadline - System.currentTimeMillis());
    }

    @Override
    public byte[] read(int ptr, int len) {
        check(ptr, len);
        return java.util.Arrays.copyOfRange(memory, ptr, ptr + len);
    }

    @Override
    public void write(int ptr, byte[] bytes) {
        check(ptr, bytes.length);
        System.arraycopy(bytes, 0, memory, ptr, bytes.length);
    }

    private void check(int ptr, int len) {
        if (ptr < 0 || len < 0 || (long) ptr + len > memory.length) {
            throw new dev.warden.api.spi.GuestMemoryException("out of bounds: " + ptr + "+" + len);
        }
    }

    @Override
    public void log(LogLevel level, String message) {
    }

    @Override
    public void submitResult(CheckResult result) {
    }

    @Override
    public void addEgressBytes(long bytes) {
        egressBytes.addAndGet(bytes);
    }

    @Override
    public void egressDenied(String rule, String target) {
        denials.add(rule + " " + target);
    }

    @Override
    public <T extends AutoCloseable> T resource(Class<T> type, Supplier<T> factory) {
        return type.cast(resources.computeIfAbsent(type, t -> factory.get()));
    }

    void endRun() throws Exception {
        for (AutoCloseable r : resources.values()) {
            r.close();
        }
        resources.clear();
    }
}
