package dev.warden.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Settings of the Wasm engine. Method names use a double underscore so the configuration keys
 * keep their underscores ({@code memory_ceiling_mb}, not {@code memory.ceiling.mb}).
 */
@ObjectClassDefinition(name = "Warden engine",
        description = "Limits and execution mode of sandboxed checker runs")
@interface EngineConfig {

    String PID = "dev.warden.engine";

    @AttributeDefinition(name = "Execution mode",
            description = "compiler translates modules to JVM bytecode (fast); interpreter is the slow fallback",
            options = {@Option(label = "Compiler", value = "compiler"), @Option(label = "Interpreter", value = "interpreter")})
    String mode() default "compiler";

    @AttributeDefinition(name = "Memory ceiling (MB)",
            description = "No plugin gets more linear memory than this, whatever its manifest requests", min = "1", max = "4096")
    int memory__ceiling__mb() default 64;

    @AttributeDefinition(name = "Default memory (MB)",
            description = "Memory cap of a plugin whose manifest requests none", min = "1", max = "4096")
    int default__memory__mb() default 16;

    @AttributeDefinition(name = "Default timeout (ms)",
            description = "Wall-clock cap of a run when neither the assignment nor the manifest sets one", min = "1")
    long default__timeout__ms() default 5000;

    @AttributeDefinition(name = "Maximum timeout (ms)", description = "No run may last longer than this", min = "1")
    long max__timeout__ms() default 60000;

    @AttributeDefinition(name = "Log bytes per run", description = "Plugin log output kept per run", min = "0")
    long max__log__bytes() default 65536;

    @AttributeDefinition(name = "Log lines per run", description = "Plugin log lines kept per run", min = "0")
    int max__log__lines() default 1000;

    @AttributeDefinition(name = "Guest threads", description = "Runs that may execute at the same time", min = "1", max = "1024")
    int guest__threads() default 8;

    @AttributeDefinition(name = "Host calls per run",
            description = "Host function calls one run may make; the call past this ends the run as UNKNOWN",
            min = "1")
    long max__host__calls() default RunLimits.DEFAULT_MAX_HOST_CALLS;

    @AttributeDefinition(name = "Memory budget (MB)",
            description = "Sum of the memory caps of the runs in flight at once; 0 means half the JVM's maximum heap."
                    + " A run that does not fit waits, then ends as UNKNOWN", min = "0")
    int memory__budget__mb() default 0;

    @AttributeDefinition(name = "Admission wait (ms)",
            description = "How long a run waits for room in the memory budget (never longer than its timeout)",
            min = "0")
    long admission__wait__ms() default RunLimits.DEFAULT_ADMISSION_WAIT_MS;

    @AttributeDefinition(name = "Compile cache size", description = "Compiled modules kept in memory", min = "1")
    int compile__cache__size() default 64;

    @AttributeDefinition(name = "Compile budget (ms)",
            description = "A module that does not parse and compile within this time is refused and its compilation"
                    + " abandoned", min = "1")
    long max__compile__ms() default ModuleLimits.DEFAULT_MAX_COMPILE_MS;

    // The structural limits below bound the memory a compilation may take (about 50 bytes of heap
    // per byte of code; see ModuleLimits). A module over any of them is refused before it is parsed.

    @AttributeDefinition(name = "Maximum functions", description = "Functions a module may define", min = "1")
    int max__functions() default ModuleLimits.DEFAULT_MAX_FUNCTIONS;

    @AttributeDefinition(name = "Maximum function body (bytes)", description = "Code size of one function", min = "1")
    int max__function__body__bytes() default ModuleLimits.DEFAULT_MAX_FUNCTION_BODY_BYTES;

    @AttributeDefinition(name = "Maximum locals per function", description = "Locals one function may declare",
            min = "0")
    int max__function__locals() default ModuleLimits.DEFAULT_MAX_FUNCTION_LOCALS;

    @AttributeDefinition(name = "Maximum code (bytes)",
            description = "Code size of a whole module; parsing takes about 50 bytes of heap per byte of code",
            min = "1")
    int max__code__bytes() default ModuleLimits.DEFAULT_MAX_CODE_BYTES;

    @AttributeDefinition(name = "Maximum table elements",
            description = "Elements of all tables of a run together (initial size and table.grow), and of all element"
                    + " segments together", min = "0")
    int max__table__elements() default ModuleLimits.DEFAULT_MAX_TABLE_ELEMENTS;

    @AttributeDefinition(name = "Maximum globals", description = "Globals a module may define", min = "0")
    int max__globals() default ModuleLimits.DEFAULT_MAX_GLOBALS;

    @AttributeDefinition(name = "Maximum exports", description = "Exports a module may declare", min = "1")
    int max__exports() default ModuleLimits.DEFAULT_MAX_EXPORTS;

    @AttributeDefinition(name = "Maximum imports", description = "Imports a module may declare", min = "0")
    int max__imports() default ModuleLimits.DEFAULT_MAX_IMPORTS;

    @AttributeDefinition(name = "Maximum function types", description = "Function types a module may declare",
            min = "1")
    int max__types() default ModuleLimits.DEFAULT_MAX_TYPES;
}
