package dev.warden.tool;

import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.PluginPackage;
import dev.warden.api.RunRequest;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginInfo;
import dev.warden.api.egress.Egress;
import dev.warden.api.spi.HostCapability;
import dev.warden.capability.config.internal.GetConfigCapability;
import dev.warden.capability.dns.internal.DnsLookupCapability;
import dev.warden.capability.http.internal.HttpRequestCapability;
import dev.warden.capability.log.internal.LogCapability;
import dev.warden.capability.result.internal.SubmitResultCapability;
import dev.warden.capability.tcp.internal.TcpCapability;
import dev.warden.capability.udp.internal.UdpSendCapability;
import dev.warden.common.WardenHome;
import dev.warden.egress.internal.EgressComponent;
import dev.warden.engine.internal.CapabilityIndex;
import dev.warden.engine.internal.Engine;
import dev.warden.engine.internal.EngineSettings;
import dev.warden.engine.internal.ExecutionMode;
import dev.warden.registry.internal.PackageRegistry;
import dev.warden.registry.internal.RegistryConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * The agent's own pieces, wired by hand the way SCR wires them: the engine (module validation and
 * runs), the registry (package, manifest, schema and signature checks, in a throw-away home), the
 * egress and every capability bundle of the distribution. Nothing here re-implements a rule.
 */
final class LocalAgent implements AutoCloseable {

    /** Capability names whose host functions never leave the process. */
    static final List<String> LOCAL_CAPABILITIES = List.of(GetConfigCapability.NAME, LogCapability.NAME,
            SubmitResultCapability.NAME);

    private static final Object HOME_LOCK = new Object();
    /** The registry's drop-in folder of the throw-away home is never filled: scanned once, then idle. */
    private static final long NEVER_POLL_MS = 365L * 24 * 3600 * 1000;

    private final Path home;
    private final Engine engine;
    private final Object egress;
    private final PackageRegistry registry;

    /**
     * @param egress the egress the network capabilities use, or null for the agent's own
     * @param wrap applied to every capability before the engine sees it (recording, replaying)
     */
    LocalAgent(ExecutionMode mode, List<String> trustedKeys, boolean requireSignature, Egress egress,
            UnaryOperator<HostCapability> wrap) throws IOException {
        Egress network = egress != null ? egress : agentEgress();
        this.egress = network;
        CapabilityIndex capabilities = new CapabilityIndex();
        for (HostCapability c : capabilities(network)) {
            capabilities.add(wrap.apply(c));
        }
        this.engine = new Engine(EngineSettings.defaults().withMode(mode), capabilities);
        this.home = Files.createTempDirectory("warden-plugin-");
        RegistryConfig config = ComponentConfigs.of(RegistryConfig.class, Map.of(
                "require__signature", requireSignature,
                "trusted__keys", trustedKeys.toArray(String[]::new),
                "plugins__dir__poll__ms", NEVER_POLL_MS));
        synchronized (HOME_LOCK) {
            String previous = System.getProperty(WardenHome.PROPERTY);
            System.setProperty(WardenHome.PROPERTY, home.toString());
            try {
                this.registry = new PackageRegistry(engine, config);
            } finally {
                if (previous == null) {
                    System.clearProperty(WardenHome.PROPERTY);
                } else {
                    System.setProperty(WardenHome.PROPERTY, previous);
                }
            }
        }
    }

    /** Every capability bundle the distribution ships (features/core and features/egress). */
    static List<HostCapability> capabilities(Egress egress) {
        List<HostCapability> all = new ArrayList<>();
        all.add(new GetConfigCapability());
        all.add(new LogCapability());
        all.add(new SubmitResultCapability());
        all.add(new HttpRequestCapability(egress));
        all.add(new TcpCapability(egress));
        all.add(new UdpSendCapability(egress));
        all.add(new DnsLookupCapability(egress));
        HostCapability tls = optionalEgressCapability("dev.warden.egress.internal.TlsInspectCapability", egress);
        if (tls != null) {
            all.add(tls);
        }
        return all;
    }

    /** A capability of the egress bundle that older egress jars do not have yet. */
    private static HostCapability optionalEgressCapability(String className, Egress egress) {
        try {
            Class<?> type = Class.forName(className, true, LocalAgent.class.getClassLoader());
            return (HostCapability) type.getConstructor(Egress.class).newInstance(egress);
        } catch (ClassNotFoundException e) {
            return null;
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new IllegalStateException(className + " could not be created: " + e, e);
        }
    }

    /** The egress component with the agent's default configuration ({@code dev.warden.egress} unset). */
    private static Egress agentEgress() {
        Class<?> configType = ComponentConfigs.type("dev.warden.egress.internal.EgressConfig");
        Object config = ComponentConfigs.of(configType, Map.of());
        try {
            return EgressComponent.class.getConstructor(configType).newInstance(config);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the egress component could not be created: " + e, e);
        }
    }

    /**
     * Installs a package the way the agent does; {@code origin} is {@code upload} (signature rules
     * of the REST API) or {@code disk} (trusted by placement, a known signer must still verify).
     */
    PluginInfo install(byte[] zip, String origin) throws InvalidPluginException {
        return registry.install(new ByteArrayInputStream(zip), origin);
    }

    PluginPackage find(PluginInfo info) {
        return registry.find(info.id(), info.version())
                .orElseThrow(() -> new IllegalStateException("installed package disappeared: " + info.id()));
    }

    /** The registry's assignment check: grants within the manifest, params valid for the config schema. */
    void checkAssignment(Assignment assignment) throws InvalidAssignmentException {
        registry.validateAssignment(assignment);
    }

    CheckResult run(RunRequest request) {
        return engine.run(request);
    }

    @Override
    public void close() {
        engine.close();
        // What SCR would call on deactivation: stops the registry's folder watcher and the egress threads.
        deactivate(registry, "deactivate");
        deactivate(egress, "deactivate");
        deleteTree(home);
    }

    private static void deactivate(Object component, String method) {
        for (Class<?> c = component.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod(method);
                m.setAccessible(true);
                m.invoke(component);
                return;
            } catch (NoSuchMethodException e) {
                // not declared here: look further up, or it has nothing to stop
            } catch (ReflectiveOperationException | RuntimeException e) {
                return;
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
