package dev.warden.api.spi;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.PluginManifest;
import java.util.function.Supplier;
import org.osgi.annotation.versioning.ProviderType;

/** What a host function sees of the run it serves. Valid only during the call. */
@ProviderType
public interface CallContext {

    RunInfo run();

    PluginManifest manifest();

    /** Effective grants: what the manifest requested intersected with what the operator granted. */
    Grants grants();

    /** The assignment params as JSON object text. */
    String params();

    /** Time left in the run's wall-clock budget, in milliseconds (0 when spent). */
    long remainingMillis();

    /** Copies {@code len} bytes of guest memory at {@code ptr}. */
    byte[] read(int ptr, int len) throws GuestMemoryException;

    /** Writes bytes into guest memory at {@code ptr}. */
    void write(int ptr, byte[] bytes) throws GuestMemoryException;

    /** Appends to the run's capped log. */
    void log(LogLevel level, String message);

    /**
     * Records the plugin's result; the last one submitted wins. The host fills ids, stats and
     * observed time, so only the plugin-supplied fields matter.
     */
    void submitResult(CheckResult result);

    /** Counts bytes sent or received on the plugin's behalf. */
    void addEgressBytes(long bytes);

    /**
     * Records a network call the policy refused: logged for the operator with the plugin,
     * assignment and rule, added to the run's log, and counted in {@code stats.egress_denied}.
     */
    void egressDenied(String rule, String target);

    /**
     * A per-run resource (a handle table, open connections ...), created on first use and
     * closed when the run ends, however it ends.
     */
    <T extends AutoCloseable> T resource(Class<T> type, Supplier<T> factory);
}
