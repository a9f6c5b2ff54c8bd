package dev.warden.engine.internal;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.spi.LogLevel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resolves every function import of a module for one run: the capability's handler when the
 * manifest requests it and the operator grants it, a denial stub when it is present but not
 * granted, WASI for WASI plugins, and a "missing capability" answer when nothing provides it.
 */
final class ImportLinker {

    /** The imports of one run; {@code missing} is non-null when the run cannot start. */
    record Linked(ImportValues imports, WasiPreview1 wasi, List<RunLog.LineStream> streams, String missing) {

        void close() {
            for (var s : streams) {
                s.flush();
            }
            if (wasi != null) {
                wasi.close();
            }
        }
    }

    private ImportLinker() {
    }

    static Linked link(ModuleFacts facts, PluginManifest manifest, Set<String> granted,
            CapabilityIndex.Snapshot capabilities, RunContext ctx) {
        List<ImportFunction> functions = new ArrayList<>(facts.functionImports().size());
        List<String> missing = new ArrayList<>();
        Map<String, ImportFunction> wasiFunctions = null;
        WasiPreview1 wasi = null;
        List<RunLog.LineStream> streams = List.of();
        for (var imp : facts.functionImports()) {
            if (ModuleRules.WASI_MODULE.equals(imp.module())) {
                if (!manifest.wasi()) {
                    missing.add(imp.qualifiedName() + " needs runtime: " + PluginManifest.RUNTIME_WASI);
                    continue;
                }
                if (wasiFunctions == null) {
                    var stdout = ctx.runLog().stream(LogLevel.INFO);
                    var stderr = ctx.runLog().stream(LogLevel.WARN);
                    streams = List.of(stdout, stderr);
                    wasi = newWasi(stdout, stderr);
                    wasiFunctions = new HashMap<>();
                    for (var f : wasi.toHostFunctions()) {
                        wasiFunctions.put(f.name(), f);
                    }
                }
                ImportFunction f = wasiFunctions.get(imp.name());
                if (f == null) {
                    missing.add(imp.qualifiedName() + " is not a WASI preview1 function");
                } else if (!f.functionType().typesMatch(imp.type())) {
                    missing.add(mismatch(imp, f.functionType(), "WASI preview1"));
                } else {
                    functions.add(HostFunctionAdapter.counted(f, ctx));
                }
                continue;
            }
            CapabilityIndex.Provided provided = capabilities.find(imp.module(), imp.name());
            if (provided == null) {
                missing.add(imp.qualifiedName() + " is not provided by any installed capability bundle");
                continue;
            }
            FunctionType offered = HostFunctionTypes.of(provided.function());
            if (!offered.typesMatch(imp.type())) {
                missing.add(mismatch(imp, offered, "capability " + provided.capability()));
            } else if (granted.contains(provided.capability())) {
                functions.add(HostFunctionAdapter.linked(imp, provided.function().handler(), ctx));
            } else {
                functions.add(HostFunctionAdapter.denied(imp, ctx));
            }
        }
        String problem = missing.isEmpty() ? null : "missing capability: " + String.join("; ", missing);
        return new Linked(ImportValues.builder().withFunctions(functions).build(), wasi, streams, problem);
    }

    private static String mismatch(ModuleFacts.FunctionImportFact imp, FunctionType offered, String by) {
        return imp.qualifiedName() + " is imported as " + HostFunctionTypes.describe(imp.type()) + " but "
                + by + " provides " + HostFunctionTypes.describe(offered);
    }

    /** No preopened directories, no environment, no arguments, no stdin; output goes to the run log. */
    private static WasiPreview1 newWasi(RunLog.LineStream stdout, RunLog.LineStream stderr) {
        WasiOptions options = WasiOptions.builder()
                .withStdout(stdout, false)
                .withStderr(stderr, false)
                .build();
        return WasiPreview1.builder().withLogger(SilentChicoryLogger.INSTANCE).withOptions(options).build();
    }
}
