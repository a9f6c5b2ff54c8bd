package dev.warden.engine.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission by memory: the memory caps of the runs in flight add up to at most the budget, so
 * however many memory bombs run at once they cannot take the heap from the agent. A run reserves
 * its cap before it is instantiated and gives it back when its guest thread lets go of the run,
 * which for an abandoned run may be long after its result was reported. A run larger than the
 * whole budget is still admitted when nothing else is in flight, so a small heap never makes a
 * plugin unrunnable.
 */
final class MemoryBudget {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final AtomicLong refused = new AtomicLong();
    private long budgetBytes; // guarded by lock
    private long inUseBytes; // guarded by lock
    private int holders; // guarded by lock

    MemoryBudget(long budgetBytes) {
        this.budgetBytes = Math.max(1, budgetBytes);
    }

    void resize(long bytes) {
        lock.lock();
        try {
            budgetBytes = Math.max(1, bytes);
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Reserves {@code bytes}, waiting up to {@code waitMs} for room.
     *
     * @return the reservation, or null when there was no room in time (counted as refused)
     * @throws InterruptedException when the caller is interrupted while waiting
     */
    Reservation reserve(long bytes, long waitMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMs));
        lock.lockInterruptibly();
        try {
            while (holders > 0 && inUseBytes + bytes > budgetBytes) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    refused.incrementAndGet();
                    return null;
                }
                released.awaitNanos(left);
            }
            inUseBytes += bytes;
            holders++;
            return new Reservation(bytes);
        } finally {
            lock.unlock();
        }
    }

    long budgetBytes() {
        lock.lock();
        try {
            return budgetBytes;
        } finally {
            lock.unlock();
        }
    }

    long inUseBytes() {
        lock.lock();
        try {
            return inUseBytes;
        } finally {
            lock.unlock();
        }
    }

    /** Runs holding a reservation: running, or abandoned and still on their thread. */
    int holders() {
        lock.lock();
        try {
            return holders;
        } finally {
            lock.unlock();
        }
    }

    /** Runs refused because the budget stayed full for their whole wait, since start. */
    long refused() {
        return refused.get();
    }

    /** Memory held by one run; given back exactly once, whoever gives it back. */
    final class Reservation {
        private final long bytes;
        private final AtomicBoolean held = new AtomicBoolean(true);

        private Reservation(long bytes) {
            this.bytes = bytes;
        }

        void release() {
            if (held.compareAndSet(true, false)) {
                lock.lock();
                try {
                    inUseBytes -= bytes;
                    holders--;
                    released.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }
}
