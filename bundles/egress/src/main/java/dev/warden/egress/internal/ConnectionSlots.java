package dev.warden.egress.internal;

import dev.warden.api.egress.EgressException;
import dev.warden.api.spi.AbiCodes;

/** The run's {@code max_open_connections}: open TCP sockets plus HTTP exchanges in flight. */
final class ConnectionSlots {

    private final int max;
    private int used;

    ConnectionSlots(int max) {
        this.max = max;
    }

    synchronized void acquire() throws EgressException {
        if (used >= max) {
            throw new EgressException(AbiCodes.TOO_LARGE, "max_open_connections",
                    "the run already has " + max + " open connections");
        }
        used++;
    }

    synchronized void release() {
        if (used > 0) {
            used--;
        }
    }

    synchronized int used() {
        return used;
    }
}
