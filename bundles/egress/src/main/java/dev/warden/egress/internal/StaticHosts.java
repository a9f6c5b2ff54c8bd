package dev.warden.egress.internal;

import dev.warden.api.egress.EgressException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator-pinned names ({@code static_hosts = name=ip[,ip]}), consulted before the system
 * resolver; the addresses are still checked like any other.
 */
final class StaticHosts implements HostResolver {

    private final Map<String, List<InetAddress>> hosts;
    private final HostResolver fallback;

    StaticHosts(Map<String, List<InetAddress>> hosts, HostResolver fallback) {
        this.hosts = Map.copyOf(hosts);
        this.fallback = fallback;
    }

    static Map<String, List<InetAddress>> parse(String[] entries) {
        Map<String, List<InetAddress>> out = new HashMap<>();
        if (entries == null) {
            return out;
        }
        for (String entry : entries) {
            int eq = entry == null ? -1 : entry.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("static_hosts entry is not name=ip[,ip]: " + entry);
            }
            try {
                HostName name = HostName.parse(entry.substring(0, eq).trim(), true);
                if (name.isLiteral()) {
                    throw new IllegalArgumentException("static_hosts entry names an address: " + entry);
                }
                List<InetAddress> addresses = new ArrayList<>();
                for (String ip : entry.substring(eq + 1).split(",")) {
                    HostName literal = HostName.parse(ip.trim(), false);
                    if (!literal.isLiteral()) {
                        throw new IllegalArgumentException("static_hosts address is not an IP: " + ip);
                    }
                    addresses.add(literal.literal());
                }
                out.put(name.name(), List.copyOf(addresses));
            } catch (EgressException e) {
                throw new IllegalArgumentException("static_hosts entry is malformed: " + entry, e);
            }
        }
        return out;
    }

    /** The pinned addresses of a name, or null when it is not pinned. */
    List<InetAddress> pinned(String name) {
        return hosts.get(name);
    }

    @Override
    public List<InetAddress> resolve(String name) throws UnknownHostException {
        List<InetAddress> pinned = hosts.get(name);
        return pinned != null ? pinned : fallback.resolve(name);
    }

    /** The JDK's resolver (hosts file, then DNS). Only ever handed names that are not literals. */
    static final HostResolver SYSTEM = name -> List.of(InetAddress.getAllByName(name));
}
