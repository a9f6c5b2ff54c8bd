package dev.warden.engine.internal;

import dev.warden.common.grants.GrantRanges;

/**
 * Which of two permission entries is the narrower when one lies within the other. The registry
 * accepts a grant that lies within the manifest's request, so the run must keep the granted entry
 * rather than look for the same text in the manifest.
 */
final class GrantScope {

    private GrantScope() {
    }

    /** The narrower of the two networks, or null when neither contains the other. */
    static String narrowerNetwork(String requested, String granted) {
        if (GrantRanges.networkWithin(granted, requested)) {
            return granted;
        }
        return GrantRanges.networkWithin(requested, granted) ? requested : null;
    }

    /** The narrower of the two domain entries, or null when neither covers the other. */
    static String narrowerDomain(String requested, String granted) {
        if (GrantRanges.domainWithin(granted, requested)) {
            return granted;
        }
        return GrantRanges.domainWithin(requested, granted) ? requested : null;
    }
}
