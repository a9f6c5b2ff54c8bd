package dev.warden.engine.internal;

import com.dylibso.chicory.wasi.WasiOptions;
import com.dylibso.chicory.wasi.WasiPreview1;
import com.dylibso.chicory.wasm.types.FunctionType;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.spi.KnownCapabilities;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The upload-time rule for imports: a module may import only functions, each either from WASI
 * preview1 (when the manifest says {@code runtime: wasi-preview1}) or from {@code env} as part of a
 * capability its manifest lists. A capability is known from the ABI table or from an installed
 * capability bundle; when a bundle provides the function, the import must have its signature, or
 * the module could never be linked.
 */
final class ImportPolicy {

    static final String FIELD = "imports";

    private ImportPolicy() {
    }

    static void check(ModuleFacts facts, PluginManifest manifest, CapabilityIndex.Snapshot installed)
            throws InvalidPluginException {
        for (String other : facts.otherImports()) {
            String why = other.startsWith("memory ") ? "a checker must define its own memory, not import it"
                    : "only functions may be imported";
            throw refused("module imports " + other + "; " + why);
        }
        Map<String, FunctionType> wasi = null;
        for (var imp : facts.functionImports()) {
            if (ModuleRules.WASI_MODULE.equals(imp.module())) {
                if (!manifest.wasi()) {
                    throw refused("import " + imp.qualifiedName() + " is WASI, which needs runtime: "
                            + PluginManifest.RUNTIME_WASI + " in the manifest (it says " + manifest.runtime() + ")");
                }
                if (wasi == null) {
                    wasi = wasiFunctions();
                }
                FunctionType defined = wasi.get(imp.name());
                if (defined == null) {
                    throw refused("import " + imp.qualifiedName() + " is not a WASI preview1 function");
                }
                if (!defined.typesMatch(imp.type())) {
                    throw refused(mismatch(imp, defined, "WASI preview1 defines"));
                }
            } else if (HostFunctionTypes.ENV.equals(imp.module())) {
                checkCapabilityImport(imp, manifest, installed);
            } else {
                throw refused("import " + imp.qualifiedName() + " comes from module " + imp.module()
                        + "; a checker may import only from " + HostFunctionTypes.ENV + " (capabilities)"
                        + " or " + ModuleRules.WASI_MODULE + " (with runtime: " + PluginManifest.RUNTIME_WASI + ")");
            }
        }
    }

    private static void checkCapabilityImport(ModuleFacts.FunctionImportFact imp, PluginManifest manifest,
            CapabilityIndex.Snapshot installed) throws InvalidPluginException {
        CapabilityIndex.Provided provided = installed.find(imp.module(), imp.name());
        Set<String> owners = new LinkedHashSet<>();
        KnownCapabilities.capabilityOf(imp.name()).ifPresent(owners::add);
        if (provided != null) {
            owners.add(provided.capability());
        }
        if (owners.isEmpty()) {
            throw refused("import " + imp.qualifiedName() + " is not a function of any known capability");
        }
        if (owners.stream().noneMatch(manifest.capabilities()::contains)) {
            throw refused("import " + imp.qualifiedName() + " belongs to capability " + String.join(" or ", owners)
                    + ", which the manifest does not list under capabilities");
        }
        if (provided != null) {
            FunctionType offered = HostFunctionTypes.of(provided.function());
            if (!offered.typesMatch(imp.type())) {
                throw refused(mismatch(imp, offered, "capability " + provided.capability() + " provides"));
            }
        }
    }

    private static String mismatch(ModuleFacts.FunctionImportFact imp, FunctionType expected, String by) {
        return "import " + imp.qualifiedName() + " is declared as " + HostFunctionTypes.describe(imp.type()) + " but "
                + by + " " + HostFunctionTypes.describe(expected);
    }

    /** The functions of Chicory's WASI preview1, by name, read from an instance that never runs. */
    private static Map<String, FunctionType> wasiFunctions() {
        Map<String, FunctionType> types = new HashMap<>();
        try (WasiPreview1 wasi = WasiPreview1.builder().withLogger(SilentChicoryLogger.INSTANCE)
                .withOptions(WasiOptions.builder().build()).build()) {
            for (var f : wasi.toHostFunctions()) {
                types.put(f.name(), f.functionType());
            }
        }
        return types;
    }

    private static InvalidPluginException refused(String message) {
        return new InvalidPluginException(ModuleRules.INVALID_MODULE, FIELD, message);
    }
}
