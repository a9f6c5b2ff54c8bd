package dev.warden.egress.internal;

import dev.warden.api.egress.Egress;
import dev.warden.api.egress.EgressSession;
import dev.warden.api.spi.CallContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The one place plugins' sockets come from. A configuration change re-creates the component:
 * runs in flight keep the sessions they have until they end (their runtime is closed with them).
 */
@Component(service = Egress.class, configurationPid = "dev.warden.egress",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = EgressConfig.class)
public final class EgressComponent implements Egress {

    private final EgressRuntime runtime;

    @Activate
    public EgressComponent(EgressConfig config) {
        this.runtime = new EgressRuntime(EgressSettings.from(config));
    }

    @Deactivate
    private void deactivate() {
        runtime.close();
    }

    @Override
    public EgressSession session(CallContext ctx) {
        return runtime.session(ctx);
    }
}
