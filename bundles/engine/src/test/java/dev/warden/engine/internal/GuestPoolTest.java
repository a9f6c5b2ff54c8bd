package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GuestPoolTest {

    @Test
    void guestThatIgnoresInterruptionIsAbandonedWithoutShrinkingThePool() throws Exception {
        try (var pool = new GuestPool(1)) {
            var release = new AtomicBoolean();
            var abandonedHook = new CountDownLatch(1);

            Outcome stuck = pool.run(() -> {
                while (!release.get()) {
                    Thread.onSpinWait(); // ignores interruption on purpose
                }
                return new Outcome.Completed();
            }, 50, 50, abandonedHook::countDown);

            assertEquals(new Outcome.TimedOut(50, true), stuck);
            assertEquals(1, pool.abandoned());
            assertEquals(0, abandonedHook.getCount(), "the caller is told so it can close the run's resources");
            // the single slot is free again although the stuck thread still runs
            assertInstanceOf(Outcome.Completed.class, pool.run(Outcome.Completed::new, 1000, 50, () -> { }));
            release.set(true);
        }
    }

    @Test
    void callerWaitsForAFreeSlotUpToTheTimeout() throws Exception {
        try (var pool = new GuestPool(1)) {
            var started = new CountDownLatch(1);
            var finish = new CountDownLatch(1);
            Thread holder = new Thread(() -> pool.run(() -> {
                started.countDown();
                try {
                    finish.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Outcome.Completed();
            }, 5000, 50, () -> { }));
            holder.start();
            started.await(5, TimeUnit.SECONDS);

            Outcome busy = pool.run(Outcome.Completed::new, 50, 50, () -> { });

            assertInstanceOf(Outcome.Refused.class, busy);
            assertEquals("busy", ((Outcome.Refused) busy).abnormalEnd());
            finish.countDown();
            holder.join();
            assertInstanceOf(Outcome.Completed.class, pool.run(Outcome.Completed::new, 1000, 50, () -> { }));
        }
    }
}
