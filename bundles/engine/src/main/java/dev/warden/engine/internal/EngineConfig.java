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

    @AttributeDefinition(name = "Compile cache size", description = "Compiled modules kept in memory", min = "1")
    int compile__cache__size() default 64;
}
