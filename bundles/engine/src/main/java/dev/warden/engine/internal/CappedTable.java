package dev.warden.engine.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableFactory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;

/**
 * A table of one instance, counted against the run's table allowance. Chicory limits a table only
 * by its declared maximum (ten million elements when none is declared) and, on {@code table.grow},
 * writes the new size into the module's shared {@link TableLimits}, so one run's growth would be
 * the next run's initial size. Each instance therefore gets a private copy of the limits, and
 * growth past the allowance answers -1 as the spec allows, the same as memory past its cap.
 */
final class CappedTable extends TableInstance {

    private final Allowance allowance;

    private CappedTable(Table table, int initValue, Allowance allowance) {
        super(table, initValue);
        this.allowance = allowance;
    }

    /** The factory for one run: all its tables together hold at most {@code maxElements}. */
    static TableFactory factory(int maxElements) {
        Allowance allowance = new Allowance(maxElements);
        return (table, initValue) -> {
            TableLimits declared = table.limits();
            long initial = declared.min();
            if (!allowance.take(initial)) {
                throw new RunLimitExceeded("table_limit", "tables of the module would hold more than "
                        + allowance.max + " elements (max_table_elements)");
            }
            long max = Math.max(initial, Math.min(declared.max(), allowance.max));
            Table own = new Table(table.elementType(), new TableLimits(initial, max, declared.shared()),
                    table.initialize());
            return new CappedTable(own, initValue, allowance);
        };
    }

    @Override
    public int grow(int size, int value, Instance instance) {
        if (size < 0 || !allowance.take(size)) {
            return -1;
        }
        int previous = super.grow(size, value, instance);
        if (previous < 0) {
            allowance.giveBack(size);
        }
        return previous;
    }

    /** Elements left to the tables of one instance; used by its guest thread only. */
    private static final class Allowance {
        private final long max;
        private long used;

        Allowance(long max) {
            this.max = Math.max(0, max);
        }

        boolean take(long n) {
            if (n > max - used) {
                return false;
            }
            used += n;
            return true;
        }

        void giveBack(long n) {
            used -= n;
        }
    }
}
