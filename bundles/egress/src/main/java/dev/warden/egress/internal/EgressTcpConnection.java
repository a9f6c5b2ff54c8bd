package dev.warden.egress.internal;

import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.TcpConnection;
import dev.warden.api.spi.AbiCodes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A plain socket to a checked address. Reads time out through SO_TIMEOUT; a write that outlasts
 * its budget has its socket closed under it (blocking writes have no timeout of their own).
 */
final class EgressTcpConnection implements TcpConnection {

    private final Socket socket;
    private final RunEgress session;
    private final Scheduler scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final InputStream in;
    private final OutputStream out;

    EgressTcpConnection(Socket socket, RunEgress session, Scheduler scheduler) throws IOException {
        this.socket = socket;
        this.session = session;
        this.scheduler = scheduler;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    @Override
    public int read(byte[] buf, long timeoutMs) throws EgressException {
        ensureOpen();
        if (buf.length == 0) {
            return 0;
        }
        long budget = session.budget(timeoutMs);
        try {
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, budget));
            int n = in.read(buf);
            if (n < 0) {
                return 0;
            }
            session.countBytes(n);
            return n;
        } catch (SocketTimeoutException e) {
            throw new EgressException(AbiCodes.TIMEOUT, null, "read timed out");
        } catch (IOException e) {
            throw ioFailure("read failed");
        }
    }

    @Override
    public int write(byte[] data, long timeoutMs) throws EgressException {
        ensureOpen();
        long budget = session.budget(timeoutMs);
        AtomicBoolean expired = new AtomicBoolean();
        Scheduler.Task watchdog = scheduler.schedule(() -> {
            expired.set(true);
            close();
        }, budget, TimeUnit.MILLISECONDS);
        try {
            out.write(data);
            out.flush();
            session.countBytes(data.length);
            return data.length;
        } catch (IOException e) {
            if (expired.get()) {
                throw new EgressException(AbiCodes.TIMEOUT, null, "write timed out; connection closed");
            }
            throw ioFailure("write failed");
        } finally {
            watchdog.cancel();
        }
    }

    private EgressException ioFailure(String message) {
        if (closed.get()) {
            return closedError();
        }
        return new EgressException(AbiCodes.INTERNAL, null, message);
    }

    private void ensureOpen() throws EgressException {
        if (closed.get()) {
            throw closedError();
        }
    }

    private static EgressException closedError() {
        return new EgressException(AbiCodes.BAD_HANDLE, null, "connection closed");
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing: nothing to report
            }
            session.released(this);
        }
    }
}
