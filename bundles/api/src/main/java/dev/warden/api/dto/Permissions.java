package dev.warden.api.dto;

import java.util.List;

/** Network permissions as requested by a manifest or granted by an operator. */
public record Permissions(List<String> allowedDomains, List<String> allowedNetworks, List<Integer> allowedPorts,
        Boolean tlsInsecure) {

    public static final Permissions NONE = new Permissions(List.of(), List.of(), List.of(), false);

    public Permissions {
        allowedDomains = allowedDomains == null ? List.of() : List.copyOf(allowedDomains);
        allowedNetworks = allowedNetworks == null ? List.of() : List.copyOf(allowedNetworks);
        allowedPorts = allowedPorts == null ? List.of() : List.copyOf(allowedPorts);
        tlsInsecure = tlsInsecure != null && tlsInsecure;
    }
}
