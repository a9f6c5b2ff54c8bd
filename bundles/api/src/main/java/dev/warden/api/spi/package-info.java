/** The host-function SPI: what a capability bundle implements and what the engine gives it per call. */
@org.osgi.annotation.versioning.Version("1.2.0")
@org.osgi.annotation.bundle.Export
package dev.warden.api.spi;
