package dev.warden.itests;

import static org.junit.Assert.fail;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkStartLevel;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.workingDirectory;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.inject.Inject;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.PluginInfo;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The one place that says how a Warden framework is built for a test: exactly the bundles of the
 * feature modules (copied by the build into {@code target/bundles/boot} and {@code target/bundles/main}),
 * a fresh {@code warden.home}, and HTTP on a free loopback port. Each test class gets its own
 * framework ({@code PerClass}); the helpers below run inside it.
 */
public abstract class TestSupport {

    static final String HTTP_PORT = "org.osgi.service.http.port";
    private static final int BOOT_START_LEVEL = 1;
    private static final int MAIN_START_LEVEL = 2;
    private static final int EXAM_START_LEVEL = 5;

    @Inject
    protected BundleContext context;

    @Inject
    protected ConfigurationAdmin configAdmin;

    @Configuration
    public Option[] config() {
        Path work = workDir();
        return options(
                featureBundles("boot", BOOT_START_LEVEL),
                featureBundles("main", MAIN_START_LEVEL),
                frameworkStartLevel(EXAM_START_LEVEL),
                junitBundles(),
                wardenHome(work),
                loopbackHttp(freePort()),
                workingDirectory(work.resolve("framework").toString()),
                quietFrameworkLog(),
                systemTimeout(60_000));
    }

    // ---- options -------------------------------------------------------------------------------

    /** Every jar of one feature directory, installed and started at the given start level. */
    static Option featureBundles(String set, int startLevel) {
        File dir = new File(System.getProperty("warden.itest.bundles", "target/bundles"), set);
        File[] jars = dir.listFiles((d, name) -> name.endsWith(".jar"));
        if (jars == null || jars.length == 0) {
            throw new IllegalStateException("no bundles in " + dir.getAbsolutePath()
                    + " (run through 'mvn verify': pre-integration-test copies the features there)");
        }
        Arrays.sort(jars);
        return composite(Arrays.stream(jars)
                .map(jar -> org.ops4j.pax.exam.CoreOptions.bundle(jar.toURI().toString()).startLevel(startLevel).start())
                .toArray(Option[]::new));
    }

    /**
     * A fresh agent home for this framework, with FileInstall watching its {@code load/} folder
     * (created here: FileInstall does not create it) every 300 ms, as the distribution does every second.
     */
    static Option wardenHome(Path work) {
        try {
            Path home = Files.createDirectories(work.resolve("home"));
            Path load = Files.createDirectories(home.resolve("load"));
            return composite(
                    systemProperty("warden.home").value(home.toString()),
                    systemProperty("felix.fileinstall.dir").value(load.toString()),
                    systemProperty("felix.fileinstall.poll").value("300"),
                    systemProperty("felix.fileinstall.noInitialDelay").value("true"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Pax Exam's pax-logging-api echoes every DEBUG line (SPI Fly weaving, JDK HttpClient) otherwise. */
    static Option quietFrameworkLog() {
        return systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("INFO");
    }

    static Option loopbackHttp(int port) {
        return composite(
                systemProperty(HTTP_PORT).value(Integer.toString(port)),
                systemProperty("org.apache.felix.http.host").value("127.0.0.1"),
                systemProperty("org.osgi.service.http.port.secure").value("-1"),
                systemProperty("org.apache.felix.https.enable").value("false"));
    }

    static Path workDir() {
        try {
            Path root = Files.createDirectories(Path.of(System.getProperty("warden.itest.work", "target/itest-work")));
            return Files.createTempDirectory(root, "warden-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- helpers that run inside the framework ------------------------------------------------

    protected static Path wardenHomeDir() {
        return Path.of(System.getProperty("warden.home"));
    }

    /** The folder FileInstall watches: a {@code .wpkg} placed here is installed, removing it uninstalls. */
    protected static Path loadDir() {
        return Path.of(System.getProperty("felix.fileinstall.dir"));
    }

    /** The names under {@code $WARDEN_HOME/packages}: one folder per stored package. */
    protected static Set<String> storedPackageFolders() {
        Path packages = wardenHomeDir().resolve("packages");
        if (!Files.isDirectory(packages)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(packages)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    protected int httpPort() {
        return Integer.parseInt(context.getProperty(HTTP_PORT));
    }

    protected Bundle installedBundle(String symbolicName) {
        for (Bundle b : context.getBundles()) {
            if (symbolicName.equals(b.getSymbolicName())) {
                return b;
            }
        }
        throw new AssertionError("bundle not installed: " + symbolicName);
    }

    /**
     * Sets a singleton configuration and waits until the component behind {@code service} shows
     * it in its service properties (DS copies public configuration properties there), so the
     * caller knows the change is live.
     */
    protected void configure(String pid, Class<?> service, Map<String, ?> properties) throws Exception {
        org.osgi.service.cm.Configuration cfg = configAdmin.getConfiguration(pid, "?");
        Dictionary<String, Object> props = cfg.getProperties() == null ? new Hashtable<>() : cfg.getProperties();
        properties.forEach(props::put);
        cfg.update(props);
        await("configuration " + pid + " " + properties + " applied to " + service.getSimpleName(),
                Duration.ofSeconds(15), () -> {
                    ServiceReference<?> ref = context.getServiceReference(service);
                    if (ref == null) {
                        return false;
                    }
                    return properties.entrySet().stream().allMatch(e ->
                            Objects.equals(comparable(e.getValue()), comparable(ref.getProperty(e.getKey()))));
                });
    }

    /** Service properties hold arrays and numbers of their own types; compare them as text lists. */
    private static Object comparable(Object value) {
        if (value instanceof Object[] array) {
            return Arrays.stream(array).map(String::valueOf).toList();
        }
        return String.valueOf(value);
    }

    /**
     * The current service object. Use this instead of an injected field after a configuration
     * change: a component without {@code @Modified} is replaced by a new instance.
     */
    protected <T> T service(Class<T> type) {
        return awaitValue(type.getSimpleName() + " service", Duration.ofSeconds(15), () -> {
            ServiceReference<T> ref = context.getServiceReference(type);
            return ref == null ? null : context.getService(ref);
        });
    }

    /** The REST API, once the web bundle has written its token and answers health. */
    protected WardenApi api() {
        Path tokenFile = wardenHomeDir().resolve("conf").resolve("api-token");
        String token = awaitValue("API token in " + tokenFile, Duration.ofSeconds(20),
                () -> Files.isRegularFile(tokenFile) ? WardenApi.readToken(wardenHomeDir()) : null);
        WardenApi api = new WardenApi(httpPort(), token);
        await("GET /api/v1/health answers 200", Duration.ofSeconds(20),
                () -> api.getWithoutToken("/api/v1/health").status() == 200);
        return api;
    }

    /** Installs a package as the operator's own disk would (trusted by placement). */
    protected PluginInfo install(PluginRegistry registry, PluginZip zip) throws Exception {
        return registry.install(zip.stream(), "disk");
    }

    /** Installs the package unless a version of that plugin is already there (tests of one class share a framework). */
    protected void ensureInstalled(PluginRegistry registry, PluginZip zip) throws Exception {
        if (registry.find(zip.id(), null).isEmpty()) {
            install(registry, zip);
        }
    }

    /** Stores an assignment and waits until the scheduler has it. */
    protected Assignment assign(AssignmentStore store, AssignmentRunner runner, Assignment assignment)
            throws Exception {
        Assignment stored = store.put(assignment);
        await("scheduler knows assignment " + assignment.id(), Duration.ofSeconds(15),
                () -> runner.assignment(assignment.id()).map(a -> a.pluginId().equals(stored.pluginId())).orElse(false));
        return stored;
    }

    /** An enabled assignment following the newest version of a plugin, with the manifest's grants. */
    protected static Assignment assignment(String id, String pluginId, long intervalMs, String params) {
        return new Assignment(id, pluginId, null, intervalMs, null, params, Grants.MANIFEST, Map.of(), true, null);
    }

    /** Polls until the condition holds, failing with {@code what} when the time is up. */
    protected static void await(String what, Duration timeout, Supplier<Boolean> condition) {
        awaitValue(what, timeout, () -> Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null);
    }

    /** Polls until the supplier answers non-null and returns that answer. */
    protected static <T> T awaitValue(String what, Duration timeout, Supplier<T> supplier) {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (true) {
            try {
                T value = supplier.get();
                if (value != null) {
                    return value;
                }
            } catch (RuntimeException e) {
                last = e;
            }
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (last == null ? "" : " (last error: " + last + ")"));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
