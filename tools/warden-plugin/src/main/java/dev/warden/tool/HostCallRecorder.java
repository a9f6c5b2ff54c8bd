package dev.warden.tool;

import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Wraps capabilities so that every call of their host functions is written down, in order. */
final class HostCallRecorder {

    private final List<Transcript.Call> calls = new ArrayList<>();

    HostCapability wrap(HostCapability capability) {
        String name = capability.name();
        List<HostFunction> functions = new ArrayList<>();
        for (HostFunction f : capability.functions()) {
            functions.add(new HostFunction(f.module(), f.name(), f.params(), f.results(),
                    (ctx, args) -> record(name, f, ctx, args)));
        }
        List<HostFunction> wrapped = List.copyOf(functions);
        return new HostCapability() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<HostFunction> functions() {
                return wrapped;
            }
        };
    }

    private long[] record(String capability, HostFunction f, dev.warden.api.spi.CallContext ctx, long[] args) {
        RecordingContext recording = new RecordingContext(ctx);
        List<Long> argList = Arrays.stream(args).boxed().toList();
        try {
            long[] out = f.handler().call(recording, args);
            add(capability, f, argList, out == null ? List.of() : Arrays.stream(out).boxed().toList(), recording,
                    null);
            return out;
        } catch (GuestMemoryException e) {
            add(capability, f, argList, List.of(), recording, new Transcript.Failure("guest_memory", e.getMessage()));
            throw e;
        } catch (RuntimeException e) {
            add(capability, f, argList, List.of(), recording, new Transcript.Failure("failure", String.valueOf(e)));
            throw e;
        }
    }

    private void add(String capability, HostFunction f, List<Long> args, List<Long> results, RecordingContext r,
            Transcript.Failure error) {
        synchronized (calls) {
            calls.add(new Transcript.Call(calls.size(), capability, f.module(), f.name(), args, results,
                    List.copyOf(r.reads), List.copyOf(r.writes), List.copyOf(r.logs), r.egressBytes,
                    List.copyOf(r.denials), error));
        }
    }

    List<Transcript.Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }
}
