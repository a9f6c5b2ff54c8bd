package dev.warden.engine.internal;

import java.util.Locale;

/** How guest code executes: translated to JVM bytecode, or interpreted instruction by instruction. */
public enum ExecutionMode {
    COMPILER, INTERPRETER;

    /** The mode named by a configuration value; anything unrecognised means the compiler. */
    public static ExecutionMode parse(String value) {
        if (value != null && value.trim().toLowerCase(Locale.ROOT).equals("interpreter")) {
            return INTERPRETER;
        }
        return COMPILER;
    }
}
