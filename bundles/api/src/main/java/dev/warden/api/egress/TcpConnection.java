package dev.warden.api.egress;

import org.osgi.annotation.versioning.ProviderType;

/** An open TCP connection of one run. */
@ProviderType
public interface TcpConnection extends AutoCloseable {

    /** Reads up to {@code buf.length} bytes; 0 at end of stream. */
    int read(byte[] buf, long timeoutMs) throws EgressException;

    /** Writes all of {@code data}; returns its length. */
    int write(byte[] data, long timeoutMs) throws EgressException;

    @Override
    void close();
}
