package dev.warden.engine.internal;

import dev.warden.api.InvalidPluginException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled modules by key (execution mode + SHA-256 of the bytes), least recently used evicted
 * first. A module is compiled once however many callers ask for it at the same time: the first
 * starts the compilation on a thread of its own, and every caller waits for it until the
 * compilation's deadline. A compilation past its deadline is refused and abandoned: its thread is
 * interrupted and left to finish, its result is thrown away, and until it has finished every
 * request for the same key is refused at once rather than starting the same compile bomb again.
 * A load that fails is not remembered, so a fixed installation is picked up by the next run.
 */
final class CompiledModuleCache {

    private static final Logger LOG = LoggerFactory.getLogger(CompiledModuleCache.class);

    /** Produces the compiled module on a miss. Runs on a compilation thread. */
    @FunctionalInterface
    interface Loader {
        CompiledModule load() throws InvalidPluginException, IOException;
    }

    /** One compilation, shared by everyone who asked for its key while it ran. */
    private static final class Entry {
        final CompletableFuture<CompiledModule> result = new CompletableFuture<>();
        final long budgetMs;
        final long startedNanos = System.nanoTime();
        final long deadlineNanos;
        volatile Thread thread;
        boolean abandoned; // guarded by the cache's entries

        Entry(long budgetMs) {
            this.budgetMs = budgetMs;
            this.deadlineNanos = startedNanos + TimeUnit.MILLISECONDS.toNanos(budgetMs);
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    /** Abandoned compilations still running, by key; guarded by {@link #entries}. */
    private final Map<String, Entry> abandoned = new HashMap<>();
    private final AtomicLong compilations = new AtomicLong();
    private final AtomicLong abandonedTotal = new AtomicLong();
    private final AtomicInteger threadCount = new AtomicInteger();
    private int capacity;

    CompiledModuleCache(int capacity) {
        this.capacity = Math.max(1, capacity);
    }

    /**
     * The compiled module for {@code key}, compiled by {@code loader} when no one has, within
     * {@code budgetMs} of the compilation's start.
     *
     * @throws InvalidPluginException {@code invalid_module} when the compilation fails or exceeds its budget
     */
    CompiledModule get(String key, Loader loader, long budgetMs) throws InvalidPluginException, IOException {
        Entry entry;
        boolean mine = false;
        synchronized (entries) {
            Entry running = abandoned.get(key);
            if (running != null) {
                throw tooSlow(running.budgetMs, " (an earlier compilation of the same module is still running)");
            }
            entry = entries.get(key);
            if (entry == null) {
                entry = new Entry(Math.max(1, budgetMs));
                entries.put(key, entry);
                mine = true;
                trim();
            }
        }
        if (mine) {
            compilations.incrementAndGet();
            start(entry, loader);
        }
        return await(key, entry);
    }

    private void start(Entry entry, Loader loader) {
        Runnable compile = () -> {
            try {
                entry.result.complete(loader.load());
            } catch (Throwable t) {
                entry.result.completeExceptionally(t);
            } finally {
                entry.thread = null;
            }
        };
        try {
            Thread t = new Thread(compile, "warden-compile-" + threadCount.incrementAndGet());
            t.setDaemon(true); // an abandoned compilation must never hold up the agent's shutdown
            entry.thread = t;
            t.start();
        } catch (RuntimeException | OutOfMemoryError e) {
            entry.result.completeExceptionally(new IOException("cannot start a compilation thread: " + e, e));
        }
    }

    private CompiledModule await(String key, Entry entry) throws InvalidPluginException, IOException {
        try {
            long left = entry.deadlineNanos - System.nanoTime();
            return entry.result.get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            if (!abandon(key, entry)) {
                return await(key, entry); // it finished in the meantime
            }
            throw tooSlow(entry.budgetMs, "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the module to compile", e);
        } catch (ExecutionException e) {
            synchronized (entries) {
                entries.remove(key, entry);
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

    /** Gives up on a compilation past its deadline; false when it completed after all. */
    private boolean abandon(String key, Entry entry) {
        synchronized (entries) {
            if (entry.result.isDone()) {
                return false;
            }
            if (entry.abandoned) {
                return true;
            }
            entry.abandoned = true;
            entries.remove(key, entry);
            abandoned.put(key, entry);
        }
        abandonedTotal.incrementAndGet();
        LOG.warn("A module did not compile within {} ms; abandoning its compilation (cache key {})", entry.budgetMs,
                key);
        Thread t = entry.thread;
        if (t != null) {
            t.interrupt(); // the loader gives up between steps; Chicory itself may not notice
        }
        entry.result.whenComplete((module, failure) -> {
            synchronized (entries) {
                abandoned.remove(key, entry);
            }
            LOG.info("The abandoned compilation of {} ended after {} ms", key,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - entry.startedNanos));
        });
        return true;
    }

    private static InvalidPluginException tooSlow(long budgetMs, String detail) {
        return ModuleRules.invalid("module did not compile within " + budgetMs + " ms" + detail);
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

    /** How many compilations were abandoned past their deadline, since start. */
    long abandonedCompilations() {
        return abandonedTotal.get();
    }

    /** Abandoned compilations that are still running. */
    int runningAbandoned() {
        synchronized (entries) {
            return abandoned.size();
        }
    }

    private void trim() {
        Iterator<String> eldest = entries.keySet().iterator();
        while (entries.size() > capacity && eldest.hasNext()) {
            eldest.next();
            eldest.remove();
        }
    }
}
