package dev.warden.engine.internal;

import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.types.RawSection;
import com.dylibso.chicory.wasm.types.SectionId;
import dev.warden.api.InvalidPluginException;

/**
 * Measures a module against {@link ModuleLimits} before Chicory decodes it, so that a module whose
 * decoded form or compilation would take too much memory or time is refused in milliseconds
 * without ever being decoded. Chicory frames the sections (without decoding them); this class
 * reads only counts, sizes and local declarations from the raw bytes.
 */
final class StructuralCheck {

    /** What the check measured that later rules need. */
    record Shape(long dataBytes) {
    }

    private StructuralCheck() {
    }

    static Shape check(byte[] wasm, ModuleLimits limits) throws InvalidPluginException {
        var state = new State(limits);
        try {
            Parser.parseWithoutDecoding(wasm, section -> state.onSection((RawSection) section));
        } catch (Refusal r) {
            throw r.exception;
        } catch (RuntimeException | AssertionError e) {
            throw ModuleRules.invalid("not a valid Wasm module: " + e.getMessage());
        }
        return new Shape(state.dataBytes);
    }

    /** Carries a refusal out of Chicory's section listener, which may not throw checked exceptions. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient InvalidPluginException exception;

        Refusal(InvalidPluginException exception) {
            super(null, null, false, false);
            this.exception = exception;
        }
    }

    private static final class State {
        private final ModuleLimits limits;
        private long dataBytes;

        State(ModuleLimits limits) {
            this.limits = limits;
        }

        void onSection(RawSection section) {
            int id = (int) section.sectionId();
            if (id == SectionId.CUSTOM) {
                return;
            }
            var in = new Reader(section.contents(), id);
            switch (id) {
                case SectionId.TYPE -> atMost(in.u32(), limits.maxTypes(), "function types", "max_types");
                case SectionId.IMPORT -> atMost(in.u32(), limits.maxImports(), "imports", "max_imports");
                case SectionId.FUNCTION -> atMost(in.u32(), limits.maxFunctions(), "functions", "max_functions");
                case SectionId.GLOBAL -> atMost(in.u32(), limits.maxGlobals(), "globals", "max_globals");
                case SectionId.EXPORT -> atMost(in.u32(), limits.maxExports(), "exports", "max_exports");
                case SectionId.TABLE -> tables(in);
                case SectionId.ELEMENT -> elements(in);
                case SectionId.CODE -> code(in);
                case SectionId.DATA -> data(in);
                default -> {
                    // memory, start, data count, tags: small, checked after decoding
                }
            }
        }

        private void atMost(long count, long limit, String what, String key) {
            if (count > limit) {
                refuse("module defines " + count + " " + what + "; the limit is " + limit + " (" + key + ")");
            }
        }

        private void code(Reader in) {
            if (in.size() > limits.maxCodeBytes()) {
                refuse("module has " + in.size() + " bytes of code; the limit is " + limits.maxCodeBytes()
                        + " (max_code_bytes)");
            }
            long bodies = in.u32();
            atMost(bodies, limits.maxFunctions(), "function bodies", "max_functions");
            for (long i = 0; i < bodies; i++) {
                long size = in.u32();
                if (size > limits.maxFunctionBodyBytes()) {
                    refuse("function body " + i + " is " + size + " bytes; the limit is "
                            + limits.maxFunctionBodyBytes() + " (max_function_body_bytes)");
                }
                int end = in.position() + (int) size;
                // Counted across all declarations: Chicory checks each declaration alone and
                // materialises every local, so many small declarations could still add up.
                long locals = 0;
                long declarations = in.u32();
                for (long d = 0; d < declarations && locals <= limits.maxFunctionLocals(); d++) {
                    locals += in.u32();
                    in.valType();
                }
                if (locals > limits.maxFunctionLocals()) {
                    refuse("function body " + i + " declares " + (locals > Integer.MAX_VALUE ? "over 2^31" : locals)
                            + " locals; the limit is " + limits.maxFunctionLocals() + " (max_function_locals)");
                }
                in.seek(end);
            }
        }

        private void tables(Reader in) {
            long count = in.u32();
            long total = 0;
            for (long i = 0; i < count; i++) {
                boolean withInit = in.peek() == 0x40;
                if (withInit) {
                    in.skip(2);
                }
                in.valType();
                long initial = limitsMin(in);
                if (initial > limits.maxTableElements()) {
                    refuse("table " + i + " starts with " + initial + " elements; the limit is "
                            + limits.maxTableElements() + " (max_table_elements)");
                }
                // The cap holds for all tables of an instance together: a thousand tables just under
                // it would otherwise allocate a thousand times the cap at instantiation.
                total += initial;
                if (total > limits.maxTableElements()) {
                    refuse("tables 0-" + i + " start with " + total + " elements together; the limit is "
                            + limits.maxTableElements() + " (max_table_elements)");
                }
                if (withInit) {
                    return; // an initialiser expression follows; the run-time table cap covers later tables
                }
            }
        }

        private void elements(Reader in) {
            long segments = in.u32();
            long total = 0;
            for (long i = 0; i < segments; i++) {
                long flags = in.u32();
                boolean active = (flags & 1) == 0;
                boolean explicitTable = (flags & 2) != 0;
                boolean expressions = (flags & 4) != 0;
                if (active && explicitTable) {
                    in.u32();
                }
                if (active && !in.skipConstExpr()) {
                    return;
                }
                if (!active || explicitTable) {
                    if (expressions) {
                        in.valType();
                    } else {
                        in.u8(); // element kind
                    }
                }
                long n = in.u32();
                total += n;
                if (total > limits.maxTableElements()) {
                    refuse("element segments hold " + total + " or more elements; the limit is "
                            + limits.maxTableElements() + " (max_table_elements)");
                }
                for (long e = 0; e < n; e++) {
                    if (expressions) {
                        if (!in.skipConstExpr()) {
                            return;
                        }
                    } else {
                        in.u32();
                    }
                }
            }
        }

        private void data(Reader in) {
            long segments = in.u32();
            for (long i = 0; i < segments; i++) {
                long flags = in.u32();
                if (flags == 2) {
                    in.u32();
                }
                if (flags != 1 && !in.skipConstExpr()) {
                    return;
                }
                long size = in.u32();
                dataBytes += size;
                in.skip(size);
            }
        }

        private static long limitsMin(Reader in) {
            int flags = in.u8();
            long min = in.u64();
            if ((flags & 1) != 0) {
                in.u64();
            }
            return min;
        }

        private static void refuse(String message) {
            throw new Refusal(ModuleRules.invalid(message));
        }
    }

    /** Little-endian LEB128 reading over one section; running past its end means a malformed section. */
    private static final class Reader {
        private final byte[] bytes;
        private final int section;
        private int pos;

        Reader(byte[] bytes, int section) {
            this.bytes = bytes;
            this.section = section;
        }

        int size() {
            return bytes.length;
        }

        int position() {
            return pos;
        }

        int peek() {
            require(1);
            return bytes[pos] & 0xFF;
        }

        int u8() {
            require(1);
            return bytes[pos++] & 0xFF;
        }

        long u32() {
            long v = u64();
            if (v > 0xFFFF_FFFFL) {
                throw malformed();
            }
            return v;
        }

        long u64() {
            long result = 0;
            for (int shift = 0; shift < 70; shift += 7) {
                int b = u8();
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw malformed();
        }

        void skip(long n) {
            if (n < 0 || n > bytes.length - pos) {
                throw malformed();
            }
            pos += (int) n;
        }

        void seek(int target) {
            if (target < 0 || target > bytes.length) {
                throw malformed();
            }
            pos = target;
        }

        /** A value or reference type; typed references carry a heap type. */
        void valType() {
            int t = u8();
            if (t == 0x63 || t == 0x64) {
                u64();
            }
        }

        /**
         * Skips a constant expression. Returns false for an instruction this reader does not know,
         * leaving the rest of the section to Chicory's own checks.
         */
        boolean skipConstExpr() {
            while (true) {
                int op = u8();
                switch (op) {
                    case 0x0B:
                        return true;
                    case 0x41, 0x42, 0x23, 0xD2, 0xD0:
                        u64();
                        break;
                    case 0x43:
                        skip(4);
                        break;
                    case 0x44:
                        skip(8);
                        break;
                    case 0x6A, 0x6B, 0x6C, 0x7C, 0x7D, 0x7E:
                        break;
                    default:
                        return false;
                }
            }
        }

        private void require(int n) {
            if (bytes.length - pos < n) {
                throw malformed();
            }
        }

        private IllegalArgumentException malformed() {
            return new IllegalArgumentException("malformed section " + section);
        }
    }
}
