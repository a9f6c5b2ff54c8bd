package dev.warden.tool;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginInfo;
import dev.warden.engine.internal.ExecutionMode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** {@code validate}: the registry's and the engine's checks, exactly as an upload gets them. */
final class ValidateCommand implements WardenPlugin.Command {

    @Override
    public List<String> valueOptions() {
        return List.of("--trusted-key", "--mode");
    }

    @Override
    public List<String> flags() {
        return List.of("--upload");
    }

    @Override
    public String usage() {
        return """
                usage: warden-plugin validate <dir|package.wpkg> [--trusted-key KEY_ID=BASE64]... [--upload] [--mode compiler|interpreter]
                  Checks a plugin folder or package with the agent's own rules: zip limits, plugin.yaml,
                  config.schema.json, signature.json and the Wasm module (imports vs capabilities, memory,
                  entrypoint, structure limits, compilation). Prints the first problem with its code and
                  field, as the agent's upload API would answer it.
                  --trusted-key  a trusted_keys entry of dev.warden.registry; a signature by that key must verify
                  --upload       apply the upload rule: a signature by a trusted key is required
                                 (without it the package is checked as if placed in plugins/ on disk)
                  exit code 0 accepted, 1 refused""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        Path source = Path.of(args.positional(0, "the plugin folder or package"));
        args.atMostPositionals(1);
        ExecutionMode mode = RunCommand.mode(args.value("--mode"));
        PluginFiles files = PluginFiles.load(source);
        try (LocalAgent agent = new LocalAgent(mode, args.list("--trusted-key"), args.flag("--upload"), null,
                c -> c)) {
            PluginInfo info;
            try {
                info = agent.install(files.packageBytes(), args.flag("--upload") ? "upload" : "disk");
            } catch (InvalidPluginException e) {
                out.println(source + ": " + PackageCheck.describe(e));
                return WardenPlugin.FAILED;
            }
            out.println(source + ":");
            PackageCheck.printAccepted(info, out);
            byte[] signature = files.get(PluginFiles.SIGNATURE);
            if (signature != null && info.signer() == null) {
                err.println("note: signature.json (" + keyIdOf(signature) + ") was not verified: no trusted key"
                        + " with that id was given (--trusted-key)");
            }
            return WardenPlugin.OK;
        }
    }

    private static String keyIdOf(byte[] signatureJson) {
        try {
            var node = dev.warden.common.Json.mapper().readTree(new String(signatureJson, StandardCharsets.UTF_8));
            return "key " + node.path("key_id").asText("?");
        } catch (java.io.IOException e) {
            return "unreadable";
        }
    }
}
