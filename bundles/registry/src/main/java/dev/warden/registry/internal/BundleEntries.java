package dev.warden.registry.internal;

import java.io.IOException;

/** The parts of a bundle the extender reads; an interface so the packing logic is testable without a framework. */
interface BundleEntries {

    String symbolicName();

    /** A main manifest header, or null. */
    String header(String name);

    /**
     * An entry's bytes (not through the class path, so nothing is resolved or loaded), or null when absent.
     *
     * @throws IOException when it cannot be read or exceeds {@code maxBytes}
     */
    byte[] entry(String path, long maxBytes) throws IOException;

    /** An entry larger than it may be. */
    final class TooLarge extends IOException {

        private static final long serialVersionUID = 1L;

        TooLarge(String path, long maxBytes) {
            super(path + " is larger than " + maxBytes + " bytes");
        }
    }
}
