package dev.warden.engine.internal;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExecutionListener;
import com.dylibso.chicory.runtime.MStack;
import com.dylibso.chicory.wasm.types.Instruction;

/**
 * Chicory's interpreter checks for interruption on calls and some jumps but not on {@code br_if}
 * or {@code br_table}, so an ordinary C loop would outlive its timeout. Checked on every
 * interpreted instruction; compiled code never calls it and checks backward jumps itself.
 */
final class InterruptionListener implements ExecutionListener {

    static final InterruptionListener INSTANCE = new InterruptionListener();

    private InterruptionListener() {
    }

    @Override
    public void onExecution(Instruction instruction, MStack stack) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ChicoryInterruptedException("Thread interrupted");
        }
    }
}
