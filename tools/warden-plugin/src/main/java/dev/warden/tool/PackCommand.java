package dev.warden.tool;

import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.PluginInfo;
import dev.warden.engine.internal.ExecutionMode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** {@code pack}: a plugin folder into a package, checked by the agent's rules first. */
final class PackCommand implements WardenPlugin.Command {

    @Override
    public List<String> valueOptions() {
        return List.of("-o", "--output");
    }

    @Override
    public List<String> flags() {
        return List.of();
    }

    @Override
    public String usage() {
        return """
                usage: warden-plugin pack <dir> [-o out.wpkg]
                  Zips plugin.yaml, plugin.wasm and, when present, config.schema.json and signature.json
                  (in that order, fixed timestamps: the same files give the same bytes) after validating them.
                  Default output: <id>-<version>.wpkg in the current folder.
                  exit code 0 packed, 1 refused (nothing written)""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        Path dir = Path.of(args.positional(0, "the plugin folder"));
        args.atMostPositionals(1);
        if (!Files.isDirectory(dir)) {
            throw new UsageException(dir + " is not a folder (pack takes a plugin folder)");
        }
        PluginFiles files = PluginFiles.load(dir);
        byte[] zip = files.packageBytes();
        PluginInfo info;
        try (LocalAgent agent = new LocalAgent(ExecutionMode.COMPILER, List.of(), false, null, c -> c)) {
            info = agent.install(zip, "disk");
        } catch (InvalidPluginException e) {
            out.println(dir + ": " + PackageCheck.describe(e));
            return WardenPlugin.FAILED;
        }
        String o = args.value("-o") != null ? args.value("-o") : args.value("--output");
        Path target = o != null ? Path.of(o) : Path.of(info.id() + "-" + info.version() + ".wpkg");
        if (target.toAbsolutePath().getParent() != null) {
            Files.createDirectories(target.toAbsolutePath().getParent());
        }
        Files.write(target, zip);
        out.println("packed " + info.id() + " " + info.version() + " into " + target + " (" + zip.length + " bytes: "
                + String.join(", ", files.entries().keySet()) + ")");
        return WardenPlugin.OK;
    }
}
