/** Plain data exchanged between Warden bundles: manifests, assignments, results. */
@org.osgi.annotation.versioning.Version("1.3.0")
@org.osgi.annotation.bundle.Export
package dev.warden.api.dto;
