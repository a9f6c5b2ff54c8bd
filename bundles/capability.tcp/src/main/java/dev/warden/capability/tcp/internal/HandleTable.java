package dev.warden.capability.tcp.internal;

import dev.warden.api.egress.TcpConnection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The TCP connections of one run, by the handle the plugin holds. Handles start at 1 and are never
 * reused within a run, so a stale handle can never reach a newer connection. A per-run resource:
 * the engine closes it (and every connection in it) when the run ends, however it ends; it may do
 * so from another thread while an abandoned guest still calls in.
 */
final class HandleTable implements AutoCloseable {

    /** No handle: the table is closed (the run is over) or has handed out every handle it has. */
    static final int NONE = 0;

    private final Map<Integer, TcpConnection> open = new HashMap<>();
    private int next = 1;
    private boolean closed;

    /** Files the connection under a new handle, or closes it and answers {@link #NONE}. */
    int add(TcpConnection connection) {
        synchronized (this) {
            if (!closed && next < Integer.MAX_VALUE) {
                int handle = next++;
                open.put(handle, connection);
                return handle;
            }
        }
        connection.close();
        return NONE;
    }

    synchronized TcpConnection get(int handle) {
        return open.get(handle);
    }

    synchronized TcpConnection remove(int handle) {
        return open.remove(handle);
    }

    synchronized int size() {
        return open.size();
    }

    @Override
    public void close() {
        List<TcpConnection> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayList<>(open.values());
            open.clear();
        }
        RuntimeException first = null;
        for (TcpConnection c : toClose) {
            try {
                c.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first; // the engine logs it; every connection has had its close attempted
        }
    }
}
