package dev.warden.api;

import dev.warden.api.dto.CheckResult;
import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The local result journal read in the order it was written, by position. A forwarder (the
 * fleet) keeps its own position and reads onward from it, so the journal is its outbox: a result
 * is durable locally before anyone forwards it, and nothing is forwarded twice from one position.
 *
 * <p>Positions are opaque, increase with every record, and survive restarts. Retention removes
 * the oldest segments; reading from a position older than {@link #start()} begins at
 * {@code start()}.
 */
@ProviderType
public interface ResultJournal {

    /**
     * One journalled result.
     *
     * @param position where its record begins
     * @param next the position just after it (where the next read continues)
     */
    record Entry(long position, long next, CheckResult result) {
    }

    /** Position of the oldest record still kept. */
    long start();

    /** Position just after the newest record. */
    long end();

    /** Up to {@code max} results beginning at {@code from}, oldest first; empty at the end. Never blocks for new records. */
    List<Entry> read(long from, int max);
}
