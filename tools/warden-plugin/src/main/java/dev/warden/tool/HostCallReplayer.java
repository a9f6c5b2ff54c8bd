package dev.warden.tool;

import dev.warden.api.egress.Egress;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.LogLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Answers host calls from a transcript, in order. Each call must be the next recorded one (same
 * function; for network calls also the same arguments). Calls of network capabilities are not executed: the recorded memory
 * writes, log lines, egress counts and denials are applied to the run and the recorded values
 * returned. Calls of the in-process capabilities ({@code get_config}, {@code log},
 * {@code submit_result}) run for real, so the plugin's own result is parsed and checked again.
 */
final class HostCallReplayer {

    /** The egress the network capabilities get during a replay: any use of it is a bug. */
    static final Egress NO_NETWORK = ctx -> {
        throw new IllegalStateException("replay: a network capability tried to reach the egress");
    };

    /** A call that does not match the transcript: the run ends, naming the difference. */
    static final class ReplayMismatch extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ReplayMismatch(String message) {
            super(message);
        }
    }

    private final List<Transcript.Call> calls;
    private int next;
    private String mismatch;

    HostCallReplayer(Transcript transcript) {
        this.calls = transcript.calls() == null ? List.of() : transcript.calls();
    }

    HostCapability wrap(HostCapability capability) {
        String name = capability.name();
        boolean live = LocalAgent.LOCAL_CAPABILITIES.contains(name);
        List<HostFunction> functions = new ArrayList<>();
        for (HostFunction f : capability.functions()) {
            functions.add(new HostFunction(f.module(), f.name(), f.params(), f.results(),
                    (ctx, args) -> answer(f, live, ctx, args)));
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

    private long[] answer(HostFunction f, boolean live, CallContext ctx, long[] args) {
        Transcript.Call call = expect(f, args, !live);
        if (live) {
            return f.handler().call(ctx, args);
        }
        for (Transcript.Bytes w : list(call.writes())) {
            ctx.write(w.ptr(), w.bytes());
        }
        for (Transcript.Log l : list(call.logs())) {
            ctx.log(LogLevel.valueOf(l.level().toUpperCase(Locale.ROOT)), l.message());
        }
        if (call.egressBytes() > 0) {
            ctx.addEgressBytes(call.egressBytes());
        }
        for (Transcript.Denial d : list(call.denials())) {
            ctx.egressDenied(d.rule(), d.target());
        }
        if (call.error() != null) {
            if ("guest_memory".equals(call.error().type())) {
                throw new GuestMemoryException(call.error().message());
            }
            throw new IllegalStateException("recorded failure: " + call.error().message());
        }
        return list(call.results()).stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The next recorded call, which must be this function. Arguments must match too for calls that
     * are answered from the transcript (the answer is only right for the same request); the live
     * capabilities only receive pointers into the plugin's memory, whose contents they read anew.
     */
    private synchronized Transcript.Call expect(HostFunction f, long[] args, boolean sameArgs) {
        String actual = f.module() + "." + f.name() + Arrays.toString(args);
        if (next >= calls.size()) {
            throw fail("call #" + next + " " + actual + " was not recorded (the transcript has " + calls.size()
                    + " calls)");
        }
        Transcript.Call call = calls.get(next);
        String recorded = call.module() + "." + call.name() + list(call.args());
        List<Long> argList = Arrays.stream(args).boxed().toList();
        if (!call.module().equals(f.module()) || !call.name().equals(f.name())
                || sameArgs && !argList.equals(list(call.args()))) {
            throw fail("call #" + next + " is " + actual + " but the transcript recorded " + recorded);
        }
        next++;
        return call;
    }

    private ReplayMismatch fail(String message) {
        if (mismatch == null) {
            mismatch = "replay mismatch: " + message;
        }
        return new ReplayMismatch(mismatch);
    }

    /** The first mismatch, or null when every call matched. */
    synchronized String mismatch() {
        return mismatch;
    }

    /** Recorded calls the replayed run did not make. */
    synchronized int unused() {
        return calls.size() - next;
    }

    private static <T> List<T> list(List<T> l) {
        return l == null ? List.of() : l;
    }
}
