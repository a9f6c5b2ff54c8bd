package dev.warden.itests;

import static org.junit.Assert.assertEquals;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.inject.Inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.PluginRegistry;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.LogLine;
import dev.warden.api.dto.Permissions;
import dev.warden.api.egress.Egress;

/**
 * Runs the network probe plugins ({@code src/test/resources/wasm/net-*.wat}) once per attempt:
 * each attempt is its own disabled assignment (only run-now runs it) with the attempt as params
 * and the operator's grant, so one framework serves dozens of attempts in milliseconds each.
 * All targets live on 127.0.0.1 / ::1.
 */
public abstract class EgressTestSupport extends TestSupport {

    static final String EGRESS_PID = "dev.warden.egress";
    private static final long HOURLY = 3_600_000;
    private static final AtomicInteger ATTEMPTS = new AtomicInteger();

    @Inject
    protected PluginRegistry registry;

    @Inject
    protected AssignmentStore store;

    @Inject
    protected AssignmentRunner runner;

    static Permissions grant(List<String> domains, List<String> networks, List<Integer> ports) {
        return new Permissions(domains, networks, ports, false);
    }

    /** A JSON object from alternating keys and values, escaped by Jackson (CR/LF included). */
    static String json(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        try {
            return WardenApi.json().writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Params of the HTTP probe: the http_request document, plus anything else for the probe. */
    static String httpParams(Map<String, Object> request) {
        return json("request", request);
    }

    /**
     * Sets {@code dev.warden.egress}: {@code static_hosts} ("name=ip") and {@code dns_servers}
     * ("host:port"), and waits until the egress service shows them.
     */
    protected void configureEgress(List<String> staticHosts, List<String> dnsServers) throws Exception {
        configure(EGRESS_PID, Egress.class, Map.of(
                "static_hosts", staticHosts.toArray(String[]::new),
                "dns_servers", dnsServers.toArray(String[]::new)));
    }

    /** Runs the plugin once, now, with these params under this grant, and returns its result. */
    protected CheckResult run(String pluginId, Permissions granted, String params) throws Exception {
        String id = pluginId + "-" + ATTEMPTS.incrementAndGet();
        Assignment assignment = new Assignment(id, pluginId, null, HOURLY, null, params,
                new Grants(null, granted), Map.of(), false, null);
        store.put(assignment);
        await("scheduler knows assignment " + id, Duration.ofSeconds(15),
                () -> runner.assignment(id).map(a -> params.equals(a.params())).orElse(false));
        CheckResult result = runner.runNow(id).orElseThrow();
        store.delete(id);
        return result;
    }

    /** The WARN lines the host added for refused network calls ("egress denied by RULE: TARGET"). */
    static List<String> denials(CheckResult result) {
        return result.logs().stream()
                .map(LogLine::message)
                .filter(m -> m.startsWith("egress denied by "))
                .toList();
    }

    static void assertMetric(CheckResult result, String name, long expected) {
        assertEquals(name + " in " + result, expected, Results.metric(result, name));
    }

    static List<Integer> ports(int... ports) {
        return Arrays.stream(ports).boxed().toList();
    }
}
