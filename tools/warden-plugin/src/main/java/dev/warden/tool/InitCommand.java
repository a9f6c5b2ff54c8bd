package dev.warden.tool;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** {@code init}: a plugin folder to start from, with a manifest the agent accepts. */
final class InitCommand implements WardenPlugin.Command {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final String HEADER_RESOURCE = "/sdk/c/warden.h";

    /** Scaffold files per language: resource under /scaffold/ to file in the plugin folder. */
    private static final Map<String, List<String>> FILES = Map.of(
            "c", List.of("c/check.c", "c/build.sh"),
            "rust", List.of("rust/src/check.rs", "rust/build.sh"),
            "assemblyscript", List.of("assemblyscript/assembly/index.ts", "assemblyscript/package.json",
                    "assemblyscript/asconfig.json", "assemblyscript/build.sh"),
            "wat", List.of("wat/plugin.wat", "wat/build.sh"));

    private static final Map<String, String> LANGUAGE_NAMES = Map.of("c", "C", "rust", "Rust",
            "assemblyscript", "AssemblyScript", "wat", "WebAssembly text");

    @Override
    public List<String> valueOptions() {
        return List.of("--id", "--sdk");
    }

    @Override
    public List<String> flags() {
        return List.of();
    }

    @Override
    public String usage() {
        return """
                usage: warden-plugin init <c|rust|assemblyscript|wat> <dir> [--id ID] [--sdk DIR]
                  Creates a plugin folder: plugin.yaml, config.schema.json, the checker source using the
                  language's SDK, and build.sh (build, validate, pack). The folder must be new or empty.
                  --id   the plugin id (default: the folder name, lower-cased)
                  --sdk  the Warden sdk/ folder build.sh should use (default: found above <dir> or the
                         current folder; build.sh also reads WARDEN_SDK_C / WARDEN_SDK_RUST)
                  c: warden.h is copied into the folder; rust: build.sh compiles sdk/rust/src/lib.rs""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        String lang = args.positional(0, "the language (c, rust, assemblyscript or wat)").toLowerCase(Locale.ROOT);
        Path dir = Path.of(args.positional(1, "the plugin folder"));
        args.atMostPositionals(2);
        if (!FILES.containsKey(lang)) {
            throw new UsageException("unknown language '" + lang + "': c, rust, assemblyscript or wat");
        }
        String id = args.value("--id") != null ? args.value("--id") : defaultId(dir);
        if (!ID.matcher(id).matches()) {
            throw new UsageException("plugin id '" + id + "' must match [a-z0-9][a-z0-9._-]{0,63} (use --id)");
        }
        if (Files.exists(dir) && (!Files.isDirectory(dir) || hasFiles(dir))) {
            throw new CheckFailedException(dir + " exists and is not an empty folder");
        }
        Path sdk = args.value("--sdk") != null ? Path.of(args.value("--sdk")).toAbsolutePath().normalize()
                : findSdk(dir.toAbsolutePath().normalize());

        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("@ID@", id);
        vars.put("@NAME@", id + " (" + LANGUAGE_NAMES.get(lang) + ")");
        vars.put("@LANG@", LANGUAGE_NAMES.get(lang));
        vars.put("@MSG_LEN@", Integer.toString((id + ": running").getBytes(StandardCharsets.UTF_8).length));
        vars.put("@SDK_C@", lang.equals("c") && resource(HEADER_RESOURCE) != null ? "."
                : sdk == null ? "path/to/warden/sdk/c" : sdk.resolve("c").toString());
        vars.put("@SDK_RUST@", sdk == null ? "path/to/warden/sdk/rust" : sdk.resolve("rust").toString());

        Files.createDirectories(dir);
        List<String> written = new java.util.ArrayList<>();
        written.add(write(dir, "plugin.yaml", template("plugin.yaml", vars), false));
        written.add(write(dir, "config.schema.json", template("config.schema.json", vars), false));
        for (String resource : FILES.get(lang)) {
            String name = resource.substring(resource.indexOf('/') + 1);
            written.add(write(dir, name, template(resource, vars), name.endsWith(".sh")));
        }
        if (lang.equals("c")) {
            byte[] header = resource(HEADER_RESOURCE);
            if (header != null) {
                Files.write(dir.resolve("warden.h"), header);
                written.add("warden.h");
            } else if (sdk == null) {
                err.println("note: the C SDK header is not bundled and no sdk/ folder was found: set WARDEN_SDK_C"
                        + " to the folder holding warden.h before running build.sh");
            }
        }
        if (lang.equals("rust") && sdk == null) {
            err.println("note: no sdk/ folder found: set WARDEN_SDK_RUST to Warden's sdk/rust before running build.sh");
        }
        out.println("created " + LANGUAGE_NAMES.get(lang) + " plugin '" + id + "' in " + dir + ": "
                + String.join(", ", written));
        out.println("next: " + dir.resolve("build.sh") + " (builds plugin.wasm, validates and packs it), then"
                + " warden-plugin run " + dir + " --params '{\"target\":\"demo\"}'");
        return WardenPlugin.OK;
    }

    static String defaultId(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        String raw = name == null ? "plugin" : name.toString().toLowerCase(Locale.ROOT);
        String id = raw.replaceAll("[^a-z0-9._-]", "-").replaceAll("^[^a-z0-9]+", "");
        return id.isEmpty() ? "plugin" : id.length() > 64 ? id.substring(0, 64) : id;
    }

    private static boolean hasFiles(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return s.findAny().isPresent();
        }
    }

    /** The nearest sdk/ folder holding a Warden SDK, from the plugin folder upward, then from the current folder. */
    private static Path findSdk(Path start) {
        for (Path from : List.of(start, Path.of("").toAbsolutePath())) {
            for (Path p = from; p != null; p = p.getParent()) {
                Path sdk = p.resolve("sdk");
                if (Files.isRegularFile(sdk.resolve("c/warden.h")) || Files.isDirectory(sdk.resolve("rust"))) {
                    return sdk;
                }
            }
        }
        return null;
    }

    private static String template(String resource, Map<String, String> vars) throws IOException {
        byte[] bytes = resource("/scaffold/" + resource);
        if (bytes == null) {
            throw new IOException("scaffold resource " + resource + " is missing from the tool");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        for (var e : vars.entrySet()) {
            text = text.replace(e.getKey(), e.getValue());
        }
        return text;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = InitCommand.class.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        }
    }

    private static String write(Path dir, String name, String text, boolean executable) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        if (executable) {
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: run it with bash build.sh
            }
        }
        return name;
    }
}
