package dev.warden.tool;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code warden-plugin}: the plugin author's command line. Every check uses the agent's own code
 * (registry, engine, egress, capabilities), so what passes here passes on the agent.
 *
 * <p>Exit codes: 0 done, 1 the input was refused (invalid package, bad signature, replay
 * mismatch, {@code run --fail-on}), 2 the command line was wrong.
 */
public final class WardenPlugin {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    /** One command: what it does for its arguments, and how to call it. */
    interface Command {
        int run(Args args, PrintStream out, PrintStream err) throws Exception;

        List<String> valueOptions();

        List<String> flags();

        String usage();
    }

    private static final Map<String, Command> COMMANDS = Map.of(
            "init", new InitCommand(),
            "validate", new ValidateCommand(),
            "pack", new PackCommand(),
            "keygen", new KeygenCommand(),
            "sign", new SignCommand(),
            "run", new RunCommand());

    private static final List<String> ORDER = List.of("init", "validate", "pack", "keygen", "sign", "run");

    private WardenPlugin() {
    }

    public static void main(String[] args) {
        // The agent's classes log through SLF4J; the tool reports what matters itself (WARDEN_PLUGIN_OPTS=-Dorg.slf4j.simpleLogger.defaultLogLevel=warn shows them).
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel",
                System.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "off"));
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        int code = run(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /** Runs one command line; never exits the JVM (tests call this). */
    static int run(String[] argv, PrintStream out, PrintStream err) {
        if (argv.length == 0 || argv[0].equals("-h") || argv[0].equals("--help") || argv[0].equals("help")) {
            if (argv.length > 1 && COMMANDS.containsKey(argv[1])) {
                out.println(COMMANDS.get(argv[1]).usage());
                return OK;
            }
            (argv.length == 0 ? err : out).println(usage());
            return argv.length == 0 ? USAGE : OK;
        }
        Command command = COMMANDS.get(argv[0]);
        if (command == null) {
            err.println("warden-plugin: unknown command '" + argv[0] + "'\n\n" + usage());
            return USAGE;
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        if (rest.contains("-h") || rest.contains("--help")) {
            out.println(command.usage());
            return OK;
        }
        try {
            Args args = Args.parse(rest, Set.copyOf(command.valueOptions()), Set.copyOf(command.flags()));
            return command.run(args, out, err);
        } catch (UsageException e) {
            err.println("warden-plugin " + argv[0] + ": " + e.getMessage() + "\n\n" + command.usage());
            return USAGE;
        } catch (CheckFailedException e) {
            err.println("warden-plugin " + argv[0] + ": " + e.getMessage());
            return FAILED;
        } catch (java.io.IOException e) {
            err.println("warden-plugin " + argv[0] + ": " + e.getMessage());
            return FAILED;
        } catch (Exception e) {
            err.println("warden-plugin " + argv[0] + ": " + e);
            return FAILED;
        }
    }

    static String usage() {
        StringBuilder b = new StringBuilder("""
                usage: warden-plugin <command> [arguments]

                Build, check, sign and run Warden plugins with the agent's own code.

                commands:
                """);
        for (String name : ORDER) {
            String first = COMMANDS.get(name).usage().lines().findFirst().orElse("");
            b.append("  ").append(first.replaceFirst("^usage: warden-plugin ", "")).append('\n');
        }
        b.append("""

                exit codes: 0 ok, 1 refused or failed, 2 wrong command line
                'warden-plugin <command> --help' describes one command.""");
        return b.toString();
    }
}
