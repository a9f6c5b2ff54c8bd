package dev.warden.tool;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginInfo;
import java.io.PrintStream;

/** Prints what the agent's registry said about a package. */
final class PackageCheck {

    private PackageCheck() {
    }

    static String describe(InvalidPluginException e) {
        return "refused: " + e.code() + (e.field() == null ? "" : " [" + e.field() + "]") + ": " + e.getMessage();
    }

    static void printAccepted(PluginInfo info, PrintStream out) {
        out.println("ok: " + info.id() + " " + info.version() + " (plugin.wasm " + info.wasmSize() + " bytes, sha256 "
                + info.sha256() + ")");
        out.println("  capabilities: " + String.join(", ", info.manifest().capabilities()));
        out.println("  runtime: " + info.manifest().runtime() + ", entrypoint: " + info.manifest().entrypoint());
        out.println("  config schema: " + (info.hasConfigSchema() ? "yes" : "no"));
        out.println("  signature: " + (info.signer() == null ? "none verified" : "verified, key " + info.signer()));
    }
}
