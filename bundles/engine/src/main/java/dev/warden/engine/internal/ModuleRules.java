package dev.warden.engine.internal;

import com.dylibso.chicory.wasm.types.FunctionType;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginManifest;

/**
 * The rules a module must meet to run in the sandbox, checked by the validator at upload time and
 * again before every run (the memory cap may have changed since).
 */
final class ModuleRules {

    static final String INVALID_MODULE = "invalid_module";
    static final String WASI_MODULE = "wasi_snapshot_preview1";
    static final String INITIALIZE = "_initialize";
    static final long PAGE_BYTES = 65536;

    private ModuleRules() {
    }

    /**
     * Checks memory, data and entrypoint rules. The validator checks imports first with
     * {@link ImportPolicy}; a run of a module that was never validated reports an unusable function
     * import as a missing capability instead, so only non-function imports are refused here.
     */
    static void check(ModuleFacts facts, PluginManifest manifest, int capPages) throws InvalidPluginException {
        if (facts.importedMemories() > 0) {
            throw invalid("module imports its memory; a checker must define its own memory");
        }
        if (facts.definedMemories() > 1) {
            throw invalid("module defines " + facts.definedMemories() + " memories; at most one is allowed");
        }
        if (facts.memoryLimits() != null && facts.memoryLimits().initialPages() > capPages) {
            throw invalid("module declares an initial memory of " + facts.memoryLimits().initialPages()
                    + " pages (" + mb(facts.memoryLimits().initialPages()) + " MB), above the cap of " + capPages
                    + " pages (" + mb(capPages) + " MB)");
        }
        long capBytes = (long) capPages * PAGE_BYTES;
        if (facts.dataBytes() > capBytes) {
            throw invalid("module's data segments hold " + facts.dataBytes() + " bytes, more than its memory cap of "
                    + capBytes + " bytes");
        }
        if (!facts.otherImports().isEmpty()) {
            throw invalid("module imports " + facts.otherImports().get(0) + "; only functions may be imported");
        }
        checkNoArgsNoResults(facts, manifest.entrypoint(), true);
        checkNoArgsNoResults(facts, INITIALIZE, false);
    }

    private static void checkNoArgsNoResults(ModuleFacts facts, String name, boolean required)
            throws InvalidPluginException {
        FunctionType type = facts.exportedFunction(name);
        if (type == null) {
            if (required) {
                throw invalid("entrypoint " + name + " is not an exported function");
            }
            return;
        }
        if (!type.params().isEmpty() || !type.returns().isEmpty()) {
            throw invalid("exported function " + name + " must take no parameters and return nothing, but is "
                    + HostFunctionTypes.describe(type));
        }
    }

    private static String mb(int pages) {
        return pages % RunBudget.PAGES_PER_MB == 0 ? Integer.toString(pages / RunBudget.PAGES_PER_MB)
                : String.format(java.util.Locale.ROOT, "%.2f", pages / (double) RunBudget.PAGES_PER_MB);
    }

    static InvalidPluginException invalid(String message) {
        return new InvalidPluginException(INVALID_MODULE, "plugin.wasm", message);
    }
}
