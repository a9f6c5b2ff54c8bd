package dev.warden.engine.internal;

import dev.warden.api.CheckRunner;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.ModuleValidator;
import dev.warden.api.RunRequest;
import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.spi.HostCapability;
import java.util.Set;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The engine as a service: runs checks and validates modules, linking whatever host capabilities
 * are installed at the moment a run starts. Configuration changes apply to the next run.
 */
@Component(service = {CheckRunner.class, ModuleValidator.class}, configurationPid = EngineConfig.PID)
@Designate(ocd = EngineConfig.class)
public final class EngineComponent implements CheckRunner, ModuleValidator {

    private final CapabilityIndex capabilities = new CapabilityIndex();
    private volatile Engine engine;

    @Activate
    private void activate(EngineConfig config) {
        engine = new Engine(EngineSettings.from(config), capabilities);
    }

    @Modified
    private void modified(EngineConfig config) {
        engine.reconfigure(EngineSettings.from(config));
    }

    @Deactivate
    private void deactivate() {
        engine.close();
    }

    @Reference(service = HostCapability.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private void bindCapability(HostCapability capability) {
        capabilities.add(capability);
    }

    private void unbindCapability(HostCapability capability) {
        capabilities.remove(capability);
    }

    @Override
    public CheckResult run(RunRequest request) {
        return engine.run(request);
    }

    @Override
    public void validate(byte[] wasm, PluginManifest manifest) throws InvalidPluginException {
        engine.validate(wasm, manifest);
    }

    @Override
    public Set<String> knownCapabilities() {
        return engine.knownCapabilities();
    }
}
