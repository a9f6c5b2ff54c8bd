package dev.warden.fleet.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The fleet configuration checked once: ids and labels become NATS subject tokens, so they are
 * limited to characters that cannot widen a subject ({@code .}, {@code *}, {@code >}, spaces).
 */
record FleetSettings(List<String> servers, String agentId, List<String> labels, String user, String password,
        String token, String credsFile, boolean tls, String trustStore, String trustStorePassword,
        int heartbeatSeconds, Path dataDir) {

    static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    FleetSettings {
        servers = List.copyOf(servers);
        labels = List.copyOf(labels);
        if (servers.isEmpty()) {
            throw new IllegalArgumentException("servers: at least one NATS URL is needed");
        }
        check("agent_id", agentId);
        labels.forEach(l -> check("labels", l));
    }

    static FleetSettings of(FleetConfig c, Path dataDir) {
        String id = c.agent__id() == null || c.agent__id().isBlank() ? hostName() : c.agent__id().trim();
        return new FleetSettings(clean(c.servers()), id, clean(c.labels()), c.user(), c._password(), c._token(),
                c.creds__file(), c.tls(), c.trust__store(), c._trust__store__password(), Math.max(1, c.heartbeat__seconds()),
                dataDir.resolve("fleet"));
    }

    /** Each value may itself be a comma-separated list (a .cfg file line {@code labels=edge,eu} is one string). */
    private static List<String> clean(String[] values) {
        return values == null ? List.of()
                : Arrays.stream(values).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                        .filter(s -> !s.isEmpty()).distinct().toList();
    }

    private static void check(String field, String value) {
        if (value == null || !TOKEN.matcher(value).matches()) {
            throw new IllegalArgumentException(field + ": '" + value + "' must match " + TOKEN.pattern());
        }
    }

    /** The host name with dots and other subject-unsafe characters replaced by '-'. */
    static String hostName() {
        String name;
        try {
            name = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            name = System.getenv().getOrDefault("HOSTNAME", "agent");
        }
        String safe = name.replaceAll("[^A-Za-z0-9_-]", "-");
        return safe.isEmpty() ? "agent" : safe.length() > 128 ? safe.substring(0, 128) : safe;
    }
}
