package dev.warden.engine.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes Wasm binaries for tests that need modules too large or too odd to commit as fixtures
 * (compile bombs, thousands of functions, huge bodies). Only what those tests need: one memory,
 * function types, imports of functions, functions with local declarations, exports, tables,
 * globals and data.
 */
final class WasmBinary {

    static final byte I32 = 0x7F;
    static final byte FUNCREF = 0x70;
    static final byte END = 0x0B;
    static final byte NOP = 0x01;
    static final byte DROP = 0x1A;
    static final byte I32_CONST = 0x41;

    private record Type(byte[] params, byte[] results) {
    }

    private record FunctionImport(String module, String name, int type) {
    }

    private record Function(int type, long[][] locals, byte[] code) {
    }

    private record Export(String name, int kind, int index) {
    }

    private final List<Type> types = new ArrayList<>();
    private final List<FunctionImport> imports = new ArrayList<>();
    private final List<Function> functions = new ArrayList<>();
    private final List<Export> exports = new ArrayList<>();
    private final List<Long> tables = new ArrayList<>();
    private int globals;
    private Integer memoryPages;
    private byte[] data;

    /** A function type; returns its index. */
    int type(byte[] params, byte[] results) {
        types.add(new Type(params, results));
        return types.size() - 1;
    }

    /** The type {@code () -> ()}; returns its index. */
    int voidType() {
        return type(new byte[0], new byte[0]);
    }

    WasmBinary importFunction(String module, String name, int type) {
        imports.add(new FunctionImport(module, name, type));
        return this;
    }

    /**
     * A function whose code (without the final {@code end}) is {@code code}; {@code locals} are
     * pairs {count, valtype}. Returns its index in the function space.
     */
    int function(int type, long[][] locals, byte[] code) {
        functions.add(new Function(type, locals, code));
        return imports.size() + functions.size() - 1;
    }

    int function(int type) {
        return function(type, new long[0][], new byte[0]);
    }

    WasmBinary exportFunction(String name, int index) {
        exports.add(new Export(name, 0, index));
        return this;
    }

    WasmBinary memory(int pages) {
        memoryPages = pages;
        return this;
    }

    WasmBinary table(long initial) {
        tables.add(initial);
        return this;
    }

    /** {@code count} immutable i32 globals. */
    WasmBinary globals(int count) {
        globals = count;
        return this;
    }

    /** One active data segment at offset 0. */
    WasmBinary data(byte[] bytes) {
        data = bytes;
        return this;
    }

    byte[] bytes() {
        var out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00});
        section(out, 1, types.size(), s -> {
            for (Type t : types) {
                s.write(0x60);
                vec(s, t.params());
                vec(s, t.results());
            }
        });
        section(out, 2, imports.size(), s -> {
            for (FunctionImport i : imports) {
                name(s, i.module());
                name(s, i.name());
                s.write(0x00);
                uleb(s, i.type());
            }
        });
        section(out, 3, functions.size(), s -> functions.forEach(f -> uleb(s, f.type())));
        section(out, 4, tables.size(), s -> {
            for (long initial : tables) {
                s.write(FUNCREF);
                s.write(0x00);
                uleb(s, initial);
            }
        });
        if (memoryPages != null) {
            section(out, 5, 1, s -> {
                s.write(0x00);
                uleb(s, memoryPages);
            });
        }
        section(out, 6, globals, s -> {
            for (int i = 0; i < globals; i++) {
                s.write(I32);
                s.write(0x00);
                s.write(I32_CONST);
                s.write(0x00);
                s.write(END);
            }
        });
        section(out, 7, exports.size(), s -> {
            for (Export e : exports) {
                name(s, e.name());
                s.write(e.kind());
                uleb(s, e.index());
            }
        });
        section(out, 10, functions.size(), s -> {
            for (Function f : functions) {
                var body = new ByteArrayOutputStream();
                uleb(body, f.locals().length);
                for (long[] decl : f.locals()) {
                    uleb(body, decl[0]);
                    body.write((int) decl[1]);
                }
                body.writeBytes(f.code());
                body.write(END);
                uleb(s, body.size());
                s.writeBytes(body.toByteArray());
            }
        });
        if (data != null) {
            section(out, 11, 1, s -> {
                s.write(0x00);
                s.write(I32_CONST);
                s.write(0x00);
                s.write(END);
                uleb(s, data.length);
                s.writeBytes(data);
            });
        }
        return out.toByteArray();
    }

    /** {@code n} repetitions of {@code i32.const 0; drop}: valid code of about {@code 3n} bytes. */
    static byte[] constDrops(int n) {
        byte[] code = new byte[n * 3];
        for (int i = 0; i < n; i++) {
            code[i * 3] = I32_CONST;
            code[i * 3 + 1] = 0x00;
            code[i * 3 + 2] = DROP;
        }
        return code;
    }

    private interface Writer {
        void write(ByteArrayOutputStream s);
    }

    private static void section(ByteArrayOutputStream out, int id, int count, Writer contents) {
        if (count == 0) {
            return;
        }
        var s = new ByteArrayOutputStream();
        uleb(s, count);
        contents.write(s);
        out.write(id);
        uleb(out, s.size());
        out.writeBytes(s.toByteArray());
    }

    private static void vec(ByteArrayOutputStream s, byte[] items) {
        uleb(s, items.length);
        s.writeBytes(items);
    }

    private static void name(ByteArrayOutputStream s, String name) {
        vec(s, name.getBytes(StandardCharsets.UTF_8));
    }

    static void uleb(ByteArrayOutputStream s, long value) {
        long v = value;
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            s.write(v != 0 ? b | 0x80 : b);
        } while (v != 0);
    }
}
