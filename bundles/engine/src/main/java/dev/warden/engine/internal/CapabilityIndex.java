package dev.warden.engine.internal;

import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host functions of every capability currently installed, by import name. Capabilities come
 * and go at any time; each run takes one consistent snapshot.
 */
public final class CapabilityIndex {

    private static final Logger LOG = LoggerFactory.getLogger(CapabilityIndex.class);

    /** A host function together with the capability name that must be requested and granted to use it. */
    record Provided(String capability, HostFunction function) {
    }

    /** An immutable view of the installed host functions. */
    static final class Snapshot {
        private final Map<String, Provided> byImport;
        private final Set<String> names;

        private Snapshot(Map<String, Provided> byImport, Set<String> names) {
            this.byImport = byImport;
            this.names = names;
        }

        Provided find(String module, String name) {
            return byImport.get(key(module, name));
        }

        /** Names of the installed capabilities. */
        Set<String> names() {
            return names;
        }
    }

    private record Entry(HostCapability service, String name, List<HostFunction> functions) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private volatile Snapshot snapshot = new Snapshot(Map.of(), Set.of());

    public void add(HostCapability capability) {
        String name;
        List<HostFunction> functions;
        try {
            name = capability.name();
            functions = List.copyOf(capability.functions());
        } catch (RuntimeException e) {
            LOG.warn("Ignoring host capability {} that failed to describe itself", capability, e);
            return;
        }
        if (name == null || name.isBlank()) {
            LOG.warn("Ignoring host capability {} without a name", capability);
            return;
        }
        synchronized (entries) {
            entries.add(new Entry(capability, name, functions));
            rebuild();
        }
    }

    public void remove(HostCapability capability) {
        synchronized (entries) {
            if (entries.removeIf(e -> e.service() == capability)) {
                rebuild();
            }
        }
    }

    Snapshot snapshot() {
        return snapshot;
    }

    private void rebuild() {
        Map<String, Provided> map = new HashMap<>();
        Set<String> names = new HashSet<>();
        for (Entry e : entries) {
            names.add(e.name());
            for (HostFunction f : e.functions()) {
                Provided previous = map.putIfAbsent(key(f.module(), f.name()), new Provided(e.name(), f));
                if (previous != null) {
                    LOG.warn("Host function {}.{} of capability {} is already provided by capability {}; keeping the first",
                            f.module(), f.name(), e.name(), previous.capability());
                }
            }
        }
        snapshot = new Snapshot(Map.copyOf(map), Set.copyOf(names));
    }

    private static String key(String module, String name) {
        return module + '\u0000' + name;
    }
}
