package dev.warden.api.egress;

import dev.warden.api.spi.CallContext;
import org.osgi.annotation.versioning.ProviderType;

/** Hands out the egress session of a run. */
@ProviderType
public interface Egress {

    /**
     * The session of the run behind {@code ctx}: created on first use with the run's effective
     * grants and the manifest's resource caps, closed (every connection with it) when the run ends.
     */
    EgressSession session(CallContext ctx);
}
