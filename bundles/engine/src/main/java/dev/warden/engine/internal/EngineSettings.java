package dev.warden.engine.internal;

/**
 * One consistent snapshot of the engine configuration, clamped to values the engine can honour.
 * Constructed from {@link EngineConfig} in OSGi and by hand in tests and benchmarks.
 */
public record EngineSettings(ExecutionMode mode, int memoryCeilingMb, int defaultMemoryMb, long defaultTimeoutMs,
        long maxTimeoutMs, long maxLogBytes, int maxLogLines, int guestThreads, int compileCacheSize,
        ModuleLimits moduleLimits, RunLimits runLimits) {

    /** Wasm32 addresses at most 65536 pages of 64 KiB, that is 4096 MB. */
    static final int WASM32_MAX_MB = 4096;

    public EngineSettings {
        mode = mode == null ? ExecutionMode.COMPILER : mode;
        memoryCeilingMb = clamp(memoryCeilingMb, 1, WASM32_MAX_MB);
        defaultMemoryMb = clamp(defaultMemoryMb, 1, memoryCeilingMb);
        maxTimeoutMs = Math.max(1, maxTimeoutMs);
        defaultTimeoutMs = Math.min(Math.max(1, defaultTimeoutMs), maxTimeoutMs);
        maxLogBytes = Math.max(0, maxLogBytes);
        maxLogLines = Math.max(0, maxLogLines);
        guestThreads = clamp(guestThreads, 1, 1024);
        compileCacheSize = Math.max(1, compileCacheSize);
        moduleLimits = moduleLimits == null ? ModuleLimits.defaults() : moduleLimits;
        runLimits = runLimits == null ? RunLimits.defaults() : runLimits;
    }

    /** Settings with the default run limits. */
    public EngineSettings(ExecutionMode mode, int memoryCeilingMb, int defaultMemoryMb, long defaultTimeoutMs,
            long maxTimeoutMs, long maxLogBytes, int maxLogLines, int guestThreads, int compileCacheSize,
            ModuleLimits moduleLimits) {
        this(mode, memoryCeilingMb, defaultMemoryMb, defaultTimeoutMs, maxTimeoutMs, maxLogBytes, maxLogLines,
                guestThreads, compileCacheSize, moduleLimits, RunLimits.defaults());
    }

    /** Settings with the default module limits. */
    public EngineSettings(ExecutionMode mode, int memoryCeilingMb, int defaultMemoryMb, long defaultTimeoutMs,
            long maxTimeoutMs, long maxLogBytes, int maxLogLines, int guestThreads, int compileCacheSize) {
        this(mode, memoryCeilingMb, defaultMemoryMb, defaultTimeoutMs, maxTimeoutMs, maxLogBytes, maxLogLines,
                guestThreads, compileCacheSize, ModuleLimits.defaults());
    }

    public static EngineSettings defaults() {
        return new EngineSettings(ExecutionMode.COMPILER, 64, 16, 5000, 60000, 65536, 1000, 8, 64);
    }

    static EngineSettings from(EngineConfig c) {
        return new EngineSettings(ExecutionMode.parse(c.mode()), c.memory__ceiling__mb(), c.default__memory__mb(),
                c.default__timeout__ms(), c.max__timeout__ms(), c.max__log__bytes(), c.max__log__lines(),
                c.guest__threads(), c.compile__cache__size(),
                new ModuleLimits(c.max__functions(), c.max__function__body__bytes(), c.max__function__locals(),
                        c.max__code__bytes(), c.max__table__elements(), c.max__globals(), c.max__exports(),
                        c.max__imports(), c.max__types(), c.max__compile__ms()),
                new RunLimits(c.max__host__calls(), c.memory__budget__mb(), c.admission__wait__ms()));
    }

    public EngineSettings withMode(ExecutionMode newMode) {
        return new EngineSettings(newMode, memoryCeilingMb, defaultMemoryMb, defaultTimeoutMs, maxTimeoutMs,
                maxLogBytes, maxLogLines, guestThreads, compileCacheSize, moduleLimits, runLimits);
    }

    public EngineSettings withModuleLimits(ModuleLimits limits) {
        return new EngineSettings(mode, memoryCeilingMb, defaultMemoryMb, defaultTimeoutMs, maxTimeoutMs,
                maxLogBytes, maxLogLines, guestThreads, compileCacheSize, limits, runLimits);
    }

    public EngineSettings withRunLimits(RunLimits limits) {
        return new EngineSettings(mode, memoryCeilingMb, defaultMemoryMb, defaultTimeoutMs, maxTimeoutMs,
                maxLogBytes, maxLogLines, guestThreads, compileCacheSize, moduleLimits, limits);
    }

    public EngineSettings withGuestThreads(int threads) {
        return new EngineSettings(mode, memoryCeilingMb, defaultMemoryMb, defaultTimeoutMs, maxTimeoutMs,
                maxLogBytes, maxLogLines, threads, compileCacheSize, moduleLimits, runLimits);
    }

    private static int clamp(int v, int min, int max) {
        return Math.min(Math.max(v, min), max);
    }
}
