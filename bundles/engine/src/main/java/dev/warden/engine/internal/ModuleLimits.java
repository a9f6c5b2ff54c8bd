package dev.warden.engine.internal;

/**
 * How large a module may be before the engine parses and compiles it, and how long compiling may
 * take. These limits are the engine's memory budget for compilation: Chicory decodes every
 * instruction into an object, so the parsed form of a module costs roughly 50 bytes of heap per
 * byte of code (measured: 1 MiB of code took about 50 MB and 0.4 s to parse; 8 MiB about 400 MB
 * and 3 s, plus 5 s to compile), and a compiled module keeps its parsed form for as long as it is
 * cached. Nothing short of these limits bounds that: Chicory accepts up to 50000 locals per
 * declaration (not per function) and bodies of several megabytes. The defaults admit every
 * realistic checker (TinyGo, Rust, C and AssemblyScript checkers have well under 1 MiB of code)
 * while keeping one compilation within about 200 MB of heap. An operator who raises
 * {@code max_code_bytes} should give the agent about 50 times as much heap per module.
 *
 * @param maxCompileMs wall-clock budget for parsing and compiling one module; past it the module is
 *        refused and its compilation abandoned (left to finish on its own thread)
 */
public record ModuleLimits(int maxFunctions, int maxFunctionBodyBytes, int maxFunctionLocals, int maxCodeBytes,
        int maxTableElements, int maxGlobals, int maxExports, int maxImports, int maxTypes, long maxCompileMs) {

    public static final int DEFAULT_MAX_FUNCTIONS = 20_000;
    public static final int DEFAULT_MAX_FUNCTION_BODY_BYTES = 1024 * 1024;
    public static final int DEFAULT_MAX_FUNCTION_LOCALS = 50_000;
    public static final int DEFAULT_MAX_CODE_BYTES = 4 * 1024 * 1024;
    public static final int DEFAULT_MAX_TABLE_ELEMENTS = 100_000;
    public static final int DEFAULT_MAX_GLOBALS = 10_000;
    public static final int DEFAULT_MAX_EXPORTS = 10_000;
    public static final int DEFAULT_MAX_IMPORTS = 1_000;
    public static final int DEFAULT_MAX_TYPES = 10_000;
    public static final long DEFAULT_MAX_COMPILE_MS = 10_000;

    public ModuleLimits {
        maxFunctions = Math.max(1, maxFunctions);
        maxFunctionBodyBytes = Math.max(1, maxFunctionBodyBytes);
        maxFunctionLocals = Math.max(0, maxFunctionLocals);
        maxCodeBytes = Math.max(1, maxCodeBytes);
        maxTableElements = Math.max(0, maxTableElements);
        maxGlobals = Math.max(0, maxGlobals);
        maxExports = Math.max(1, maxExports);
        maxImports = Math.max(0, maxImports);
        maxTypes = Math.max(1, maxTypes);
        maxCompileMs = Math.max(1, maxCompileMs);
    }

    public static ModuleLimits defaults() {
        return new ModuleLimits(DEFAULT_MAX_FUNCTIONS, DEFAULT_MAX_FUNCTION_BODY_BYTES, DEFAULT_MAX_FUNCTION_LOCALS,
                DEFAULT_MAX_CODE_BYTES, DEFAULT_MAX_TABLE_ELEMENTS, DEFAULT_MAX_GLOBALS, DEFAULT_MAX_EXPORTS,
                DEFAULT_MAX_IMPORTS, DEFAULT_MAX_TYPES, DEFAULT_MAX_COMPILE_MS);
    }

    public ModuleLimits withMaxCompileMs(long ms) {
        return new ModuleLimits(maxFunctions, maxFunctionBodyBytes, maxFunctionLocals, maxCodeBytes, maxTableElements,
                maxGlobals, maxExports, maxImports, maxTypes, ms);
    }

    public ModuleLimits withMaxFunctions(int n) {
        return new ModuleLimits(n, maxFunctionBodyBytes, maxFunctionLocals, maxCodeBytes, maxTableElements,
                maxGlobals, maxExports, maxImports, maxTypes, maxCompileMs);
    }

    public ModuleLimits withMaxTableElements(int n) {
        return new ModuleLimits(maxFunctions, maxFunctionBodyBytes, maxFunctionLocals, maxCodeBytes, n,
                maxGlobals, maxExports, maxImports, maxTypes, maxCompileMs);
    }
}
