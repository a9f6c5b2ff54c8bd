package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class MemoryBudgetTest {

    @Test
    void reservationsAddUpToTheBudgetAndAreGivenBackOnce() throws Exception {
        var budget = new MemoryBudget(100);
        var a = budget.reserve(60, 0);
        var b = budget.reserve(40, 0);

        assertNotNull(a);
        assertNotNull(b);
        assertNull(budget.reserve(1, 20), "full");
        assertEquals(1, budget.refused());

        a.release();
        a.release(); // a second release gives back nothing more
        assertEquals(40, budget.inUseBytes());
        assertEquals(1, budget.holders());
        assertNull(budget.reserve(61, 0));
        assertNotNull(budget.reserve(60, 0));
    }

    @Test
    void reservationLargerThanTheBudgetIsAdmittedOnlyAlone() throws Exception {
        var budget = new MemoryBudget(100);
        var big = budget.reserve(500, 0);

        assertNotNull(big, "alone it runs, however large");
        assertNull(budget.reserve(1, 0), "nothing else while it holds the budget");
        big.release();
        var small = budget.reserve(1, 0);
        assertNotNull(small);
        assertNull(budget.reserve(500, 0), "and it waits for the others to finish");
    }

    @Test
    void growingTheBudgetWakesWaitingRuns() throws Exception {
        var budget = new MemoryBudget(10);
        budget.reserve(10, 0);
        var waiter = new Thread(() -> {
            try {
                budget.reserve(10, 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        Thread.sleep(50);

        budget.resize(20);
        waiter.join(5000);

        assertEquals(20, budget.inUseBytes());
        assertEquals(2, budget.holders());
    }
}
