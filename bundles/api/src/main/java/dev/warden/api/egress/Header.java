package dev.warden.api.egress;

/** One HTTP header field. */
public record Header(String name, String value) {
}
