package dev.warden.tool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One command's arguments: positionals, options that take a value ({@code --name value} or
 * {@code --name=value}, repeatable) and flags. Anything not declared is a usage error, so a typo
 * never silently changes what runs.
 */
final class Args {

    private final List<String> positionals = new ArrayList<>();
    private final Map<String, List<String>> values = new LinkedHashMap<>();

    private Args() {
    }

    static Args parse(List<String> raw, Set<String> valueOptions, Set<String> flags) throws UsageException {
        Args a = new Args();
        for (int i = 0; i < raw.size(); i++) {
            String arg = raw.get(i);
            if (arg.equals("--")) {
                a.positionals.addAll(raw.subList(i + 1, raw.size()));
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                a.positionals.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            if (flags.contains(name)) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add("true");
            } else if (valueOptions.contains(name)) {
                if (value == null) {
                    if (i + 1 >= raw.size()) {
                        throw new UsageException(name + " needs a value");
                    }
                    value = raw.get(++i);
                }
                a.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } else {
                throw new UsageException("unknown option " + name);
            }
        }
        return a;
    }

    List<String> positionals() {
        return positionals;
    }

    /** The positional at {@code index}, required. */
    String positional(int index, String what) throws UsageException {
        if (positionals.size() <= index) {
            throw new UsageException("missing " + what);
        }
        return positionals.get(index);
    }

    void atMostPositionals(int n) throws UsageException {
        if (positionals.size() > n) {
            throw new UsageException("unexpected argument " + positionals.get(n));
        }
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /** The last value of an option, or null. */
    String value(String name) {
        List<String> v = values.get(name);
        return v == null ? null : v.get(v.size() - 1);
    }

    /** Every value of a repeatable option, each split at commas. */
    List<String> list(String name) {
        List<String> out = new ArrayList<>();
        for (String v : values.getOrDefault(name, List.of())) {
            Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(out::add);
        }
        return out;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }
}
