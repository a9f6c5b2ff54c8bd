package dev.warden.engine.internal;

import com.dylibso.chicory.log.Logger;

/** Chicory's WASI layer traces every call; plugin activity belongs in the run log, not the agent log. */
final class SilentChicoryLogger implements Logger {

    static final SilentChicoryLogger INSTANCE = new SilentChicoryLogger();

    private SilentChicoryLogger() {
    }

    @Override
    public void log(Level level, String msg, Throwable throwable) {
        // deliberately empty
    }

    @Override
    public boolean isLoggable(Level level) {
        return false;
    }
}
