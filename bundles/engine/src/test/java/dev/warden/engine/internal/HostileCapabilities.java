package dev.warden.engine.internal;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Status;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.ValType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Capabilities for hostile runs that behave like the real capability bundles (capability.log,
 * capability.result) without depending on them: the same ABI, per-call read cap, result size cap and
 * rejection of results that are not UTF-8, not JSON, or carry no valid status. Plus two misbehaving
 * host functions: one that ignores interruption and one that throws.
 */
final class HostileCapabilities {

    /** Same limits as the real bundles. */
    static final int MAX_LOG_MESSAGE_BYTES = 64 * 1024;
    static final int MAX_RESULT_BYTES = 256 * 1024;

    private HostileCapabilities() {
    }

    static void installAll(CapabilityIndex index) {
        index.add(log());
        index.add(submitResult());
        index.add(Fixtures.getConfig());
        index.add(stall());
        index.add(explode());
    }

    /** log(level, ptr, len): a bad range or negative length drops the line, never traps. */
    static Fixtures.Capability log() {
        return new Fixtures.Capability("log", HostFunction.env("log", List.of(ValType.I32, ValType.I32, ValType.I32),
                List.of(), (ctx, args) -> {
                    int len = (int) args[2];
                    if (len >= 0) {
                        try {
                            byte[] bytes = ctx.read((int) args[1], Math.min(len, MAX_LOG_MESSAGE_BYTES));
                            ctx.log(LogLevel.fromCode(args[0]), new String(bytes, StandardCharsets.UTF_8));
                        } catch (GuestMemoryException e) {
                            // dropped: a diagnostic call must never be what ends a run
                        }
                    }
                    return new long[0];
                }));
    }

    /** submit_result(ptr, len) -> i32 over the JSON result; rejections return -1/-3 and log a warning. */
    static Fixtures.Capability submitResult() {
        return new Fixtures.Capability("submit_result", HostFunction.env("submit_result", Fixtures.I32_I32,
                Fixtures.I32, (ctx, args) -> new long[] {submit(ctx, (int) args[0], (int) args[1])}));
    }

    private static int submit(CallContext ctx, int ptr, int len) {
        if (len < 0) {
            return reject(ctx, AbiCodes.INVALID, "negative length");
        }
        if (len > MAX_RESULT_BYTES) {
            return reject(ctx, AbiCodes.TOO_LARGE, len + " bytes exceeds the " + MAX_RESULT_BYTES + " byte limit");
        }
        byte[] bytes;
        try {
            bytes = ctx.read(ptr, len);
        } catch (GuestMemoryException e) {
            return reject(ctx, AbiCodes.INVALID, "buffer outside memory");
        }
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end)).toString();
        } catch (CharacterCodingException e) {
            return reject(ctx, AbiCodes.INVALID, "result is not valid UTF-8");
        }
        Object root;
        try {
            root = new MiniJson(text).document();
        } catch (IllegalArgumentException e) {
            return reject(ctx, AbiCodes.INVALID, "result is not valid JSON: " + e.getMessage());
        }
        if (!(root instanceof Map<?, ?> object)) {
            return reject(ctx, AbiCodes.INVALID, "result must be a JSON object");
        }
        Object status = object.get("status");
        if (status == null) {
            return reject(ctx, AbiCodes.INVALID, "status is required");
        }
        Status parsed = status instanceof String s ? Status.parse(s) : null;
        if (parsed == null) {
            return reject(ctx, AbiCodes.INVALID, "status must be one of OK, WARNING, CRITICAL, UNKNOWN");
        }
        Object summary = object.get("summary");
        ctx.submitResult(new CheckResult(null, parsed, summary instanceof String s ? s : null, null, null, null, null,
                null, null, null, null, null, null));
        return AbiCodes.OK;
    }

    private static int reject(CallContext ctx, int code, String reason) {
        ctx.log(LogLevel.WARN, "submit_result rejected: " + reason);
        return code;
    }

    /**
     * stall(ms) -> i32: busy-waits, deliberately deaf to interruption, like a host call stuck in
     * native code. Only abandonment can end such a run on time.
     */
    static Fixtures.Capability stall() {
        return new Fixtures.Capability("stall", HostFunction.env("stall", Fixtures.I32, Fixtures.I32, (ctx, args) -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(args[0]);
            long spins = 0;
            while (System.nanoTime() < until) {
                spins++;
                Thread.onSpinWait();
            }
            return new long[] {spins > 0 ? 0 : 1};
        }));
    }

    /** explode(i32) -> i32: a host function with a bug. */
    static Fixtures.Capability explode() {
        return new Fixtures.Capability("explode", HostFunction.env("explode", Fixtures.I32, Fixtures.I32,
                (ctx, args) -> {
                    throw new IllegalStateException("capability bug");
                }));
    }

    /** Just enough of RFC 8259 to tell a JSON document from anything else. */
    static final class MiniJson {
        private final String s;
        private int i;

        MiniJson(String s) {
            this.s = s;
        }

        Object document() {
            Object v = value();
            space();
            if (i != s.length()) {
                throw error("trailing content");
            }
            return v;
        }

        private Object value() {
            space();
            if (i >= s.length()) {
                throw error("unexpected end");
            }
            char c = s.charAt(i);
            switch (c) {
                case '{':
                    return object();
                case '[':
                    return array();
                case '"':
                    return string();
                case 't':
                    return literal("true", Boolean.TRUE);
                case 'f':
                    return literal("false", Boolean.FALSE);
                case 'n':
                    return literal("null", null);
                default:
                    return number();
            }
        }

        private Map<String, Object> object() {
            Map<String, Object> out = new LinkedHashMap<>();
            i++;
            space();
            if (peek() == '}') {
                i++;
                return out;
            }
            while (true) {
                space();
                if (peek() != '"') {
                    throw error("expected a key");
                }
                String key = string();
                space();
                expect(':');
                out.put(key, value());
                space();
                if (peek() == ',') {
                    i++;
                } else {
                    expect('}');
                    return out;
                }
            }
        }

        private List<Object> array() {
            List<Object> out = new ArrayList<>();
            i++;
            space();
            if (peek() == ']') {
                i++;
                return out;
            }
            while (true) {
                out.add(value());
                space();
                if (peek() == ',') {
                    i++;
                } else {
                    expect(']');
                    return out;
                }
            }
        }

        private String string() {
            StringBuilder out = new StringBuilder();
            i++;
            while (true) {
                if (i >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = i < s.length() ? s.charAt(i++) : 0;
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (i + 4 > s.length()) {
                            throw error("bad escape");
                        }
                        out.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                        i += 4;
                    }
                    default -> throw error("bad escape");
                }
            }
        }

        private Object number() {
            int start = i;
            while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
            if (start == i) {
                throw error("unexpected character '" + s.charAt(i) + "'");
            }
            try {
                return Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                throw error("bad number");
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, i)) {
                throw error("unexpected token");
            }
            i += word.length();
            return value;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        private char peek() {
            return i < s.length() ? s.charAt(i) : 0;
        }

        private void space() {
            while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
                i++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at offset " + i);
        }
    }
}
