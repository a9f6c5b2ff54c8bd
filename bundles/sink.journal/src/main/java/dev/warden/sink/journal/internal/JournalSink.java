package dev.warden.sink.journal.internal;

import dev.warden.api.ResultJournal;
import dev.warden.api.ResultSink;
import dev.warden.api.ResultStore;
import dev.warden.api.dto.CheckResult;
import dev.warden.common.WardenHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default result store: every result is forced to the journal under
 * {@code $WARDEN_HOME/data/journal} before {@link #publish} returns, and the newest ones are
 * served from memory. A configuration change restarts the component, which reopens the journal.
 *
 * <p>As {@link ResultJournal} it lets a forwarder (the fleet) read every record in order from a
 * position it keeps itself; positions are described in {@link JournalPosition}.
 */
@Component(service = {ResultSink.class, ResultStore.class, ResultJournal.class}, configurationPid = JournalConfig.PID)
@Designate(ocd = JournalConfig.class)
public final class JournalSink implements ResultSink, ResultStore, ResultJournal {

    private static final Logger LOG = LoggerFactory.getLogger(JournalSink.class);

    private final Journal journal;
    private final JournalReader reader;

    @Activate
    public JournalSink(JournalConfig config) throws IOException {
        journal = Journal.open(WardenHome.data().resolve("journal"), Journal.Settings.of(config));
        reader = new JournalReader(journal);
        Journal.Recovery r = journal.recovery();
        LOG.info("Result journal opened: {} segment(s), {} result(s), {} corrupt record(s) skipped",
                r.segments(), r.records(), r.corrupt());
    }

    @Deactivate
    private void deactivate() {
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("Closing the result journal failed", e);
        }
    }

    /**
     * Returns once the result is on disk. A disk failure is thrown as {@link UncheckedIOException}
     * rather than swallowed: returning normally would acknowledge a result that is not stored.
     */
    @Override
    public void publish(CheckResult result) {
        try {
            journal.append(result);
        } catch (IOException e) {
            throw new UncheckedIOException("result journal write failed", e);
        }
    }

    @Override
    public List<CheckResult> latest(String assignmentId, int limit) {
        return journal.latest(assignmentId, limit);
    }

    @Override
    public long start() {
        return journal.start();
    }

    @Override
    public long end() {
        return journal.end();
    }

    /** A disk failure while reading is thrown as {@link UncheckedIOException}; the caller retries from its position. */
    @Override
    public List<Entry> read(long from, int max) {
        try {
            return reader.read(from, max);
        } catch (IOException e) {
            throw new UncheckedIOException("result journal read failed", e);
        }
    }
}
