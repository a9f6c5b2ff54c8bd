package dev.warden.engine.internal;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Resources;

/**
 * What one run may use: linear memory pages, wall-clock time and log volume. The manifest asks,
 * the assignment may override the timeout, and the engine settings cap everything.
 */
record RunBudget(int memoryCapPages, long timeoutMs, long maxLogBytes, int maxLogLines) {

    static final int PAGES_PER_MB = 16;

    static RunBudget of(EngineSettings settings, PluginManifest manifest, Assignment assignment) {
        Resources res = manifest.resources();
        return new RunBudget(memoryCapPages(settings, manifest), timeoutMs(settings, res, assignment),
                logBytes(settings, res), settings.maxLogLines());
    }

    static int memoryCapPages(EngineSettings settings, PluginManifest manifest) {
        Integer requested = manifest.resources().requestedMemoryMb();
        int mb = requested == null || requested <= 0 ? settings.defaultMemoryMb() : requested;
        return Math.min(mb, settings.memoryCeilingMb()) * PAGES_PER_MB;
    }

    private static long timeoutMs(EngineSettings settings, Resources res, Assignment assignment) {
        long ms;
        if (assignment != null && assignment.timeoutMs() != null && assignment.timeoutMs() > 0) {
            ms = assignment.timeoutMs();
        } else if (res.timeoutMs() != null && res.timeoutMs() > 0) {
            ms = res.timeoutMs();
        } else {
            ms = settings.defaultTimeoutMs();
        }
        return Math.min(ms, settings.maxTimeoutMs());
    }

    private static long logBytes(EngineSettings settings, Resources res) {
        Long asked = res.maxLogBytes();
        return asked == null || asked < 0 ? settings.maxLogBytes() : Math.min(asked, settings.maxLogBytes());
    }
}
