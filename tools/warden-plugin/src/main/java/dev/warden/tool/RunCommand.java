package dev.warden.tool;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.RunRequest;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.LogLine;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.dto.Status;
import dev.warden.api.egress.Egress;
import dev.warden.api.spi.HostCapability;
import dev.warden.common.Json;
import dev.warden.engine.internal.ExecutionMode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code run}: one run of a plugin on the agent's engine with the agent's capabilities and egress
 * policy, optionally recording its host calls or replaying them from a transcript.
 */
final class RunCommand implements WardenPlugin.Command {

    static final String AGENT_ID = "warden-plugin";
    static final String ASSIGNMENT_ID = "local";

    private static final List<String> GRANT_OPTIONS = List.of("--grant-networks", "--grant-ports",
            "--grant-domains", "--grant-capabilities");

    @Override
    public List<String> valueOptions() {
        return List.of("--params", "--grant-networks", "--grant-ports", "--grant-domains", "--grant-capabilities",
                "--timeout-ms", "--mode", "--record", "--replay", "--fail-on", "--trusted-key");
    }

    @Override
    public List<String> flags() {
        return List.of("--grant-tls-insecure");
    }

    @Override
    public String usage() {
        return """
                usage: warden-plugin run <dir|package.wpkg> [--params JSON|@file] [grants] [--timeout-ms N]
                                         [--mode compiler|interpreter] [--record FILE | --replay FILE] [--fail-on STATUS,...]
                  Validates the package like the agent, checks the params against config.schema.json and the
                  grants against the manifest (as for an assignment), runs the plugin once on the agent's engine
                  with the agent's capabilities and egress policy, and prints the result JSON (with stats) on
                  stdout and the run log on stderr.
                  grants (an operator's assignment grants; without any: the manifest's capabilities, domains and ports, no networks):
                    --grant-networks CIDR,...   --grant-ports PORT,...   --grant-domains NAME,...
                    --grant-capabilities NAME,...   --grant-tls-insecure
                  --timeout-ms N      the assignment's timeout (capped by the manifest and the agent ceiling)
                  --record FILE       write a host-call transcript of the run (params, grants, every env host call)
                  --replay FILE       answer every network host call from a transcript instead of the network;
                                      params, grants and timeout come from the transcript
                  --fail-on STATUS,...  exit 1 when the result status is one of these (e.g. CRITICAL,UNKNOWN)
                  exit code 0 the run completed (whatever its status), 1 refused, replay mismatch or --fail-on hit""";
    }

    @Override
    public int run(Args args, PrintStream out, PrintStream err) throws Exception {
        Path source = Path.of(args.positional(0, "the plugin folder or package"));
        args.atMostPositionals(1);
        ExecutionMode mode = mode(args.value("--mode"));
        Set<Status> failOn = statuses(args.list("--fail-on"));
        if (args.has("--record") && args.has("--replay")) {
            throw new UsageException("--record and --replay exclude each other");
        }
        Transcript replay = null;
        if (args.has("--replay")) {
            for (String o : List.of("--params", "--timeout-ms", "--grant-tls-insecure")) {
                if (args.has(o)) {
                    throw new UsageException(o + " cannot be combined with --replay: a replay uses what was recorded");
                }
            }
            if (GRANT_OPTIONS.stream().anyMatch(args::has)) {
                throw new UsageException("grants cannot be combined with --replay: a replay uses what was recorded");
            }
            replay = Transcript.read(Path.of(args.value("--replay")));
        }
        String params = replay != null ? (replay.params() == null ? "{}" : replay.params().toString())
                : params(args.value("--params"));
        Grants grants = replay != null ? (replay.grants() == null ? Grants.MANIFEST : replay.grants()) : grants(args);
        Long timeoutMs = replay != null ? replay.timeoutMs() : timeout(args.value("--timeout-ms"));

        PluginFiles files = PluginFiles.load(source);
        HostCallRecorder recorder = args.has("--record") ? new HostCallRecorder() : null;
        HostCallReplayer replayer = replay != null ? new HostCallReplayer(replay) : null;
        UnaryOperator<HostCapability> wrap = recorder != null ? recorder::wrap
                : replayer != null ? replayer::wrap : c -> c;
        Egress egress = replayer != null ? HostCallReplayer.NO_NETWORK : null;

        try (LocalAgent agent = new LocalAgent(mode, args.list("--trusted-key"), false, egress, wrap)) {
            PluginInfo info;
            try {
                info = agent.install(files.packageBytes(), "disk");
            } catch (InvalidPluginException e) {
                out.println(source + ": " + PackageCheck.describe(e));
                return WardenPlugin.FAILED;
            }
            if (replay != null && replay.plugin() != null && !Objects.equals(replay.plugin().sha256(), info.sha256())) {
                err.println("note: plugin.wasm differs from the recorded one (sha256 " + replay.plugin().sha256()
                        + "); replaying anyway");
            }
            Assignment assignment = new Assignment(ASSIGNMENT_ID, info.id(), info.version(), 60_000, timeoutMs,
                    params, grants, null, true, AGENT_ID);
            try {
                agent.checkAssignment(assignment);
            } catch (InvalidAssignmentException e) {
                out.println(source + ": refused assignment"
                        + (e.field() == null ? "" : " [" + e.field() + "]") + ": " + e.getMessage());
                return WardenPlugin.FAILED;
            }
            PluginPackage pkg = agent.find(info);
            CheckResult result = agent.run(new RunRequest(pkg, assignment, AGENT_ID));

            for (LogLine line : result.logs()) {
                err.println("[" + line.level() + "] " + line.message());
            }
            out.println(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(result));

            if (recorder != null) {
                Path file = Path.of(args.value("--record"));
                new Transcript(Transcript.FORMAT, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
                        new Transcript.Plugin(info.id(), info.version(), info.sha256()), json(params), grants,
                        timeoutMs, recorder.calls(), result).write(file);
                err.println("recorded " + recorder.calls().size() + " host call(s) to " + file);
            }
            if (replayer != null) {
                if (replayer.mismatch() != null) {
                    err.println(replayer.mismatch());
                    return WardenPlugin.FAILED;
                }
                if (replayer.unused() > 0) {
                    err.println("note: the replayed run made " + replayer.unused()
                            + " fewer host call(s) than the recorded one");
                }
                err.println(compare(replay.result(), result));
            }
            if (failOn.contains(result.status())) {
                err.println("status " + result.status() + " is in --fail-on");
                return WardenPlugin.FAILED;
            }
            return WardenPlugin.OK;
        }
    }

    static ExecutionMode mode(String value) throws UsageException {
        if (value == null) {
            return ExecutionMode.COMPILER;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "compiler" -> ExecutionMode.COMPILER;
            case "interpreter" -> ExecutionMode.INTERPRETER;
            default -> throw new UsageException("--mode is compiler or interpreter, not " + value);
        };
    }

    private static Set<Status> statuses(List<String> names) throws UsageException {
        Set<Status> out = EnumSet.noneOf(Status.class);
        for (String n : names) {
            Status s = Status.parse(n);
            if (s == null) {
                throw new UsageException("--fail-on takes OK, WARNING, CRITICAL or UNKNOWN, not " + n);
            }
            out.add(s);
        }
        return out;
    }

    private static String params(String value) throws IOException, UsageException {
        if (value == null) {
            return "{}";
        }
        String text = value.startsWith("@") ? Files.readString(Path.of(value.substring(1))) : value;
        try {
            JsonNode node = Json.mapper().readTree(text);
            if (node == null || !node.isObject()) {
                throw new UsageException("--params must be a JSON object");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageException("--params is not valid JSON: " + e.getOriginalMessage());
        }
        return text;
    }

    private static JsonNode json(String params) throws IOException {
        return Json.mapper().readTree(params);
    }

    private static Long timeout(String value) throws UsageException {
        if (value == null) {
            return null;
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms < 1) {
                throw new UsageException("--timeout-ms must be positive");
            }
            return ms;
        } catch (NumberFormatException e) {
            throw new UsageException("--timeout-ms is not a number: " + value);
        }
    }

    /** The operator's grants from the command line; none given means what an assignment without grants gets. */
    static Grants grants(Args args) throws UsageException {
        boolean any = GRANT_OPTIONS.stream().anyMatch(args::has) || args.flag("--grant-tls-insecure");
        if (!any) {
            return Grants.MANIFEST;
        }
        List<Integer> ports = new ArrayList<>();
        for (String p : args.list("--grant-ports")) {
            try {
                ports.add(Integer.parseInt(p));
            } catch (NumberFormatException e) {
                throw new UsageException("--grant-ports takes port numbers, not " + p);
            }
        }
        List<String> capabilities = args.has("--grant-capabilities") ? args.list("--grant-capabilities") : null;
        return new Grants(capabilities, new Permissions(args.list("--grant-domains"), args.list("--grant-networks"),
                ports, args.flag("--grant-tls-insecure")));
    }

    private static String compare(CheckResult recorded, CheckResult replayed) {
        if (recorded == null) {
            return "replay: the transcript holds no recorded result to compare with";
        }
        List<String> diffs = new ArrayList<>();
        if (recorded.status() != replayed.status()) {
            diffs.add("status " + recorded.status() + " -> " + replayed.status());
        }
        if (!Objects.equals(recorded.summary(), replayed.summary())) {
            diffs.add("summary \"" + recorded.summary() + "\" -> \"" + replayed.summary() + "\"");
        }
        if (!Objects.equals(recorded.metrics(), replayed.metrics())) {
            diffs.add("metrics differ");
        }
        return diffs.isEmpty() ? "replay: same status, summary and metrics as recorded"
                : "replay: differs from the recorded run: " + String.join("; ", diffs);
    }
}
