package dev.warden.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-run objects that host functions create on demand (connection tables and the like), closed
 * together, newest first, when the run ends. After that no new ones can be created, so a guest
 * that outlived its run cannot open anything.
 */
final class RunResources {

    private static final Logger LOG = LoggerFactory.getLogger(RunResources.class);

    private final Map<Class<?>, AutoCloseable> open = new LinkedHashMap<>();
    private boolean closed;

    synchronized <T extends AutoCloseable> T get(Class<T> type, Supplier<T> factory) {
        if (closed) {
            throw new IllegalStateException("the run has ended");
        }
        AutoCloseable existing = open.get(type);
        if (existing != null) {
            return type.cast(existing);
        }
        T created = factory.get();
        if (created == null) {
            throw new IllegalStateException("resource factory for " + type.getName() + " returned null");
        }
        open.put(type, created);
        return created;
    }

    /** Closes everything once; later calls do nothing. */
    void closeAll() {
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toClose = new ArrayList<>(open.values());
            open.clear();
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception | LinkageError e) {
                LOG.warn("Closing run resource {} failed", toClose.get(i).getClass().getName(), e);
            }
        }
    }
}
