package dev.warden.engine.internal;

import dev.warden.api.InvalidPluginException;
import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Compiled modules by key (execution mode + SHA-256 of the bytes), least recently used evicted
 * first. Two runs asking for the same key at once compile it once: the second waits for the first.
 * A load that fails is not remembered, so a fixed installation is picked up by the next run.
 */
final class CompiledModuleCache {

    /** Produces the compiled module on a miss. */
    @FunctionalInterface
    interface Loader {
        CompiledModule load() throws InvalidPluginException, IOException;
    }

    private final Map<String, FutureTask<CompiledModule>> entries = new LinkedHashMap<>(16, 0.75f, true);
    private final AtomicLong compilations = new AtomicLong();
    private int capacity;

    CompiledModuleCache(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    CompiledModule get(String key, Loader loader) throws InvalidPluginException, IOException {
        FutureTask<CompiledModule> task;
        boolean mine = false;
        synchronized (entries) {
            task = entries.get(key);
            if (task == null) {
                task = new FutureTask<>(loader::load);
                entries.put(key, task);
                mine = true;
                trim();
            }
        }
        if (mine) {
            compilations.incrementAndGet();
            task.run();
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the module to compile", e);
        } catch (ExecutionException e) {
            synchronized (entries) {
                entries.remove(key, task);
            }
            Throwable cause = e.getCause();
            if (cause instanceof InvalidPluginException ipe) {
                throw ipe;
            }
            if (cause instanceof IOException ioe) {
                throw ioe;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IOException(cause);
        }
    }

    void resize(int newCapacity) {
        synchronized (entries) {
            capacity = Math.max(1, newCapacity);
            trim();
        }
    }

    void clear() {
        synchronized (entries) {
            entries.clear();
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** How many times a module was loaded and compiled because it was not cached. */
    long compilations() {
        return compilations.get();
    }

    private void trim() {
        Iterator<String> eldest = entries.keySet().iterator();
        while (entries.size() > capacity && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
