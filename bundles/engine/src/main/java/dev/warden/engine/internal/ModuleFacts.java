package dev.warden.engine.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the engine needs to know about a parsed module, computed once per compiled module so
 * that each run only consults plain fields.
 */
final class ModuleFacts {

    /** One function the module imports, with its resolved signature. */
    record FunctionImportFact(String module, String name, FunctionType type) {

        String qualifiedName() {
            return module + "." + name;
        }
    }

    private final List<FunctionImportFact> functionImports;
    private final List<String> otherImports;
    private final int importedMemories;
    private final int definedMemories;
    private final MemoryLimits memoryLimits;
    private final Map<String, FunctionType> exportedFunctions;
    private final long dataBytes;

    private ModuleFacts(List<FunctionImportFact> functionImports, List<String> otherImports, int importedMemories,
            int definedMemories, MemoryLimits memoryLimits, Map<String, FunctionType> exportedFunctions,
            long dataBytes) {
        this.functionImports = List.copyOf(functionImports);
        this.otherImports = List.copyOf(otherImports);
        this.importedMemories = importedMemories;
        this.definedMemories = definedMemories;
        this.memoryLimits = memoryLimits;
        this.exportedFunctions = Map.copyOf(exportedFunctions);
        this.dataBytes = dataBytes;
    }

    /** @param dataBytes total size of the data segments, as measured by {@link StructuralCheck} */
    static ModuleFacts of(WasmModule module, long dataBytes) {
        var types = module.typeSection();
        List<FunctionImportFact> functions = new ArrayList<>();
        List<String> others = new ArrayList<>();
        List<FunctionType> functionSpace = new ArrayList<>();
        int importedMemories = 0;
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            Import imp = imports.getImport(i);
            if (imp.importType() == ExternalType.FUNCTION) {
                FunctionType type = types.getType(((FunctionImport) imp).typeIndex());
                functions.add(new FunctionImportFact(imp.module(), imp.name(), type));
                functionSpace.add(type);
            } else {
                if (imp.importType() == ExternalType.MEMORY) {
                    importedMemories++;
                }
                others.add(imp.importType().name().toLowerCase(Locale.ROOT) + " " + imp.module() + "." + imp.name());
            }
        }
        var declared = module.functionSection();
        for (int i = 0; i < declared.functionCount(); i++) {
            functionSpace.add(declared.getFunctionType(i, types));
        }
        int definedMemories = module.memorySection().map(s -> s.memoryCount()).orElse(0);
        MemoryLimits limits = definedMemories > 0 ? module.memorySection().get().getMemory(0).limits() : null;
        Map<String, FunctionType> exports = new HashMap<>();
        var exportSection = module.exportSection();
        for (int i = 0; i < exportSection.exportCount(); i++) {
            var export = exportSection.getExport(i);
            if (export.exportType() == ExternalType.FUNCTION && export.index() < functionSpace.size()) {
                exports.put(export.name(), functionSpace.get(export.index()));
            }
        }
        return new ModuleFacts(functions, others, importedMemories, definedMemories, limits, exports, dataBytes);
    }

    List<FunctionImportFact> functionImports() {
        return functionImports;
    }

    /** Imports other than functions, described as {@code "<kind> <module>.<name>"}. */
    List<String> otherImports() {
        return otherImports;
    }

    int importedMemories() {
        return importedMemories;
    }

    int definedMemories() {
        return definedMemories;
    }

    /** Declared limits of memory 0, or null when the module has no memory of its own. */
    MemoryLimits memoryLimits() {
        return memoryLimits;
    }

    /** Bytes the data segments copy into memory when an instance starts. */
    long dataBytes() {
        return dataBytes;
    }

    /** The signature of an exported function, or null when no function has that export name. */
    FunctionType exportedFunction(String name) {
        return exportedFunctions.get(name);
    }
}
