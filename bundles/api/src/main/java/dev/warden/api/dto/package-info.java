/** Plain data exchanged between Warden bundles: manifests, assignments, results. */
@org.osgi.annotation.versioning.Version("1.2.0")
@org.osgi.annotation.bundle.Export
package dev.warden.api.dto;
