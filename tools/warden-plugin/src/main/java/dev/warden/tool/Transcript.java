package dev.warden.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.common.Json;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * A recorded run: what the plugin was given (params, grants, timeout) and every host call of the
 * capabilities ({@code env} imports) in order, with its arguments, what it wrote into guest
 * memory, what it logged or counted, and what it returned. Replaying answers the same calls from
 * here, so the plugin sees the same world without touching the network.
 */
record Transcript(String format, String recordedAt, Plugin plugin, JsonNode params, Grants grants, Long timeoutMs,
        List<Call> calls, CheckResult result) {

    static final String FORMAT = "warden-transcript/1";

    record Plugin(String id, String version, String sha256) {
    }

    /**
     * One host call.
     *
     * @param seq position in the run, from 0
     * @param capability the capability the function belongs to
     * @param args raw Wasm arguments (i32 in the low 32 bits)
     * @param results raw return values; empty for functions without results
     * @param reads guest memory the host read (for people reading the transcript; not replayed)
     * @param writes guest memory the host wrote, in order; replay writes the same bytes
     * @param logs lines the host function added to the run log
     * @param egressBytes bytes the call sent or received on the plugin's behalf
     * @param denials network calls the policy refused during the call
     * @param error set when the host function failed instead of returning
     */
    record Call(int seq, String capability, String module, String name, List<Long> args, List<Long> results,
            List<Bytes> reads, List<Bytes> writes, List<Log> logs, long egressBytes, List<Denial> denials,
            Failure error) {
    }

    /** Bytes at a guest address: {@code utf8} when they are valid UTF-8, otherwise {@code base64}. */
    record Bytes(int ptr, int len, String utf8, String base64) {

        static Bytes of(int ptr, byte[] bytes) {
            try {
                String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes))
                        .toString();
                return new Bytes(ptr, bytes.length, text, null);
            } catch (CharacterCodingException e) {
                return new Bytes(ptr, bytes.length, null, Base64.getEncoder().encodeToString(bytes));
            }
        }

        byte[] bytes() {
            return utf8 != null ? utf8.getBytes(StandardCharsets.UTF_8) : Base64.getDecoder().decode(base64);
        }
    }

    record Log(String level, String message) {
    }

    record Denial(String rule, String target) {
    }

    /** {@code type} is {@code guest_memory} (the engine answers -1 or traps) or {@code failure} (the run ends UNKNOWN). */
    record Failure(String type, String message) {
    }

    void write(Path file) throws IOException {
        Files.writeString(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(this) + "\n");
    }

    static Transcript read(Path file) throws IOException {
        Transcript t = Json.mapper().readValue(Files.readAllBytes(file), Transcript.class);
        if (t == null || !FORMAT.equals(t.format())) {
            throw new IOException(file + " is not a " + FORMAT + " transcript");
        }
        return t;
    }
}
