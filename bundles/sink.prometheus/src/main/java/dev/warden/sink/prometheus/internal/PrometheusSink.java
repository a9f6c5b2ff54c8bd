package dev.warden.sink.prometheus.internal;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.FleetStatus;
import dev.warden.api.MetricsExposition;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultSink;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginInfo;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns every result into Prometheus metrics and writes them in the text exposition format (the
 * web bundle serves them at {@code /metrics}). Each component has its own registry: nothing goes
 * into the client's static default registry.
 *
 * <p>Series of assignments and plugin versions that are gone are dropped before each scrape, when
 * the scheduler and registry say what exists; while either is missing nothing is dropped.
 */
@Component(service = {ResultSink.class, MetricsExposition.class})
public final class PrometheusSink implements ResultSink, MetricsExposition {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusSink.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile AssignmentRunner runner;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile PluginRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile FleetStatus fleet;

    private final PrometheusRegistry metricsRegistry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final RunMetrics runs;
    private final Info agentInfo;
    private final String version;
    private volatile String agentId;

    @Activate
    public PrometheusSink(BundleContext context) {
        this(context.getBundle().getVersion().toString(), defaultAgentId());
    }

    PrometheusSink(String version, String agentId) {
        this.version = version;
        runs = new RunMetrics(metricsRegistry);
        metricsRegistry.register(new ScheduleCollector(() -> runner));
        metricsRegistry.register(new FleetCollector(() -> fleet));
        agentInfo = Info.builder().name("warden_agent_info").help("The agent's version and id")
                .labelNames("version", "agent_id").register(metricsRegistry);
        showAgent(agentId);
    }

    @Override
    public void publish(CheckResult result) {
        try {
            if (result.agentId() != null && !result.agentId().equals(agentId)) {
                showAgent(result.agentId());
            }
            runs.record(result);
        } catch (RuntimeException e) {
            // metrics are best effort: a result must never be refused because of them
            LOG.warn("Could not count result {} in the metrics", result.id(), e);
        }
    }

    @Override
    public String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }

    @Override
    public void write(OutputStream out) throws IOException {
        dropVanishedSeries();
        writer.write(out, metricsRegistry.scrape());
    }

    private void dropVanishedSeries() {
        try {
            AssignmentRunner r = runner;
            if (r != null) {
                runs.retainAssignments(r.assignments().stream()
                        .map(a -> List.of(a.id(), text(a.pluginId())))
                        .collect(Collectors.toSet()));
            }
            PluginRegistry p = registry;
            if (p != null) {
                Set<List<String>> installed = p.list().stream()
                        .map(info -> List.of(text(info.id()), text(info.version())))
                        .collect(Collectors.toSet());
                runs.retainPluginVersions(installed);
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not read the assignments or plugins; keeping every series for this scrape", e);
        }
    }

    private synchronized void showAgent(String id) {
        agentId = id;
        agentInfo.setLabelValues(version, id);
    }

    private static String defaultAgentId() {
        // the scheduler's default agent id; the first result names the configured one
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            String env = System.getenv("HOSTNAME");
            return env == null || env.isBlank() ? "localhost" : env;
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
