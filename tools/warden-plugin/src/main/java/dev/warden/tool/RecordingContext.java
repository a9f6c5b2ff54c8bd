package dev.warden.tool;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.RunInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The run's context during one host call, noting every effect the call has on the run. */
final class RecordingContext implements CallContext {

    private final CallContext run;
    final List<Transcript.Bytes> reads = new ArrayList<>();
    final List<Transcript.Bytes> writes = new ArrayList<>();
    final List<Transcript.Log> logs = new ArrayList<>();
    final List<Transcript.Denial> denials = new ArrayList<>();
    long egressBytes;

    RecordingContext(CallContext run) {
        this.run = run;
    }

    @Override
    public RunInfo run() {
        return run.run();
    }

    @Override
    public PluginManifest manifest() {
        return run.manifest();
    }

    @Override
    public Grants grants() {
        return run.grants();
    }

    @Override
    public String params() {
        return run.params();
    }

    @Override
    public long remainingMillis() {
        return run.remainingMillis();
    }

    @Override
    public byte[] read(int ptr, int len) throws GuestMemoryException {
        byte[] bytes = run.read(ptr, len);
        reads.add(Transcript.Bytes.of(ptr, bytes));
        return bytes;
    }

    @Override
    public void write(int ptr, byte[] bytes) throws GuestMemoryException {
        run.write(ptr, bytes);
        writes.add(Transcript.Bytes.of(ptr, bytes.clone()));
    }

    @Override
    public void log(LogLevel level, String message) {
        run.log(level, message);
        logs.add(new Transcript.Log(level.label(), message));
    }

    @Override
    public void submitResult(CheckResult result) {
        run.submitResult(result);
    }

    @Override
    public void addEgressBytes(long bytes) {
        run.addEgressBytes(bytes);
        egressBytes += bytes;
    }

    @Override
    public void egressDenied(String rule, String target) {
        run.egressDenied(rule, target);
        denials.add(new Transcript.Denial(rule, target));
    }

    @Override
    public <T extends AutoCloseable> T resource(Class<T> type, Supplier<T> factory) {
        return run.resource(type, factory);
    }
}
