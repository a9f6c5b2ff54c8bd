/** Services that wire Warden together: running checks, plugins, assignments and results. */
@org.osgi.annotation.versioning.Version("1.4.0")
@org.osgi.annotation.bundle.Export
package dev.warden.api;
