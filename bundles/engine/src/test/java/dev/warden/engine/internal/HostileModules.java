package dev.warden.engine.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The modules of the hostile corpus: committed {@code .wasm} files under {@code /hostile/}, and a
 * few written here because they would be megabytes of committed bytes (large data segments) or
 * need more of something than a readable {@code .wat} should hold.
 */
final class HostileModules {

    static final int MB = 1024 * 1024;

    private HostileModules() {
    }

    static byte[] load(String name, boolean generated) {
        return generated ? generate(name) : resource(name);
    }

    private static byte[] resource(String name) {
        try (InputStream in = HostileModules.class.getResourceAsStream("/hostile/" + name + ".wasm")) {
            if (in == null) {
                throw new IllegalArgumentException("no hostile module " + name + ".wasm; run hostile/build.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] generate(String name) {
        return switch (name) {
            // 960 KiB of data in a 1 MB memory: legal and must run.
            case "data-large-within-cap" -> bigData(16, 960 * 1024);
            // 1.5 MB of data against a 1 MB cap (the memory itself is declared within the cap).
            case "data-over-cap" -> bigData(16, 3 * MB / 2);
            // 20000 globals against max_globals = 10000.
            case "globals-over-limit" -> {
                var b = new WasmBinary().globals(20_000);
                b.exportFunction("run_check", b.function(b.voidType()));
                yield b.bytes();
            }
            default -> throw new IllegalArgumentException("no generated hostile module " + name);
        };
    }

    /**
     * A module whose data segment starts with an OK result and is padded with 'Z' to {@code size}
     * bytes; its entrypoint checks the last byte arrived and submits the result.
     */
    private static byte[] bigData(int pages, int size) {
        byte[] json = "{\"status\":\"OK\",\"summary\":\"big data segment loaded\"}".getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) 'Z');
        System.arraycopy(json, 0, data, 0, json.length);
        var b = new WasmBinary().memory(pages).data(data);
        int submitType = b.type(new byte[] {WasmBinary.I32, WasmBinary.I32}, new byte[] {WasmBinary.I32});
        b.importFunction("env", "submit_result", submitType);
        var code = new ByteArrayOutputStream();
        i32Const(code, size - 1);
        code.writeBytes(new byte[] {0x2D, 0x00, 0x00}); // i32.load8_u
        i32Const(code, 'Z');
        code.write(0x47); // i32.ne
        code.writeBytes(new byte[] {0x04, 0x40, 0x00, WasmBinary.END}); // if unreachable end
        i32Const(code, 0);
        i32Const(code, json.length);
        code.writeBytes(new byte[] {0x10, 0x00, WasmBinary.DROP}); // call submit_result; drop
        b.exportFunction("run_check", b.function(b.voidType(), new long[0][], code.toByteArray()));
        return b.bytes();
    }

    private static void i32Const(ByteArrayOutputStream out, int value) {
        out.write(WasmBinary.I32_CONST);
        int v = value;
        while (true) {
            int bits = v & 0x7F;
            v >>= 7;
            boolean done = v == 0 && (bits & 0x40) == 0 || v == -1 && (bits & 0x40) != 0;
            out.write(done ? bits : bits | 0x80);
            if (done) {
                return;
            }
        }
    }
}
