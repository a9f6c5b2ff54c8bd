/**
 * Network access on a plugin's behalf. The egress bundle is the only code that opens sockets for
 * plugins; capability bundles translate the ABI into these calls and the results back.
 */
@org.osgi.annotation.versioning.Version("1.1.0")
@org.osgi.annotation.bundle.Export
package dev.warden.api.egress;
