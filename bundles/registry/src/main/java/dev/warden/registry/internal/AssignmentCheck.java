package dev.warden.registry.internal;

import dev.warden.common.grants.GrantRanges;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.ValidationMessage;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.Grants;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.PluginManifest;
import java.io.IOException;
import java.util.Set;

/**
 * Checks what an assignment asks of one plugin version: grants no wider than the manifest
 * requests, and params that are a JSON object valid against the package's config schema.
 */
final class AssignmentCheck {

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private AssignmentCheck() {
    }

    static void check(Assignment assignment, PluginManifest manifest, ConfigSchema schema)
            throws InvalidAssignmentException {
        checkGrants(assignment.grants(), manifest);
        JsonNode params = params(assignment.params());
        if (schema != null) {
            Set<ValidationMessage> problems;
            try {
                problems = schema.validate(params);
            } catch (RuntimeException | StackOverflowError e) {
                throw new InvalidAssignmentException("params", "params could not be checked against "
                        + "the plugin's config schema: " + e.getMessage());
            }
            if (!problems.isEmpty()) {
                throw new InvalidAssignmentException("params",
                        "params do not match the plugin's config schema: " + ConfigSchemaCompiler.describe(problems));
            }
        }
    }

    private static JsonNode params(String text) throws InvalidAssignmentException {
        try {
            JsonNode node = STRICT_JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new InvalidAssignmentException("params", "params must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidAssignmentException("params", "params are not valid JSON");
        }
    }

    static void checkGrants(Grants grants, PluginManifest manifest) throws InvalidAssignmentException {
        if (grants.capabilities() != null) {
            for (String c : grants.capabilities()) {
                if (!manifest.capabilities().contains(c)) {
                    throw new InvalidAssignmentException("grants.capabilities",
                            "capability " + c + " is not requested by " + manifest.id() + " " + manifest.version());
                }
            }
        }
        Permissions granted = grants.permissions();
        if (granted == null) {
            return;
        }
        Permissions requested = manifest.permissions();
        for (String domain : granted.allowedDomains()) {
            if (requested.allowedDomains().stream().noneMatch(r -> domainWithin(domain, r))) {
                throw notRequested("allowed_domains", domain);
            }
        }
        for (String network : granted.allowedNetworks()) {
            if (requested.allowedNetworks().stream().noneMatch(r -> GrantRanges.networkWithin(network, r))) {
                throw notRequested("allowed_networks", network);
            }
        }
        for (Integer port : granted.allowedPorts()) {
            if (!requested.allowedPorts().contains(port)) {
                throw notRequested("allowed_ports", String.valueOf(port));
            }
        }
        if (granted.tlsInsecure() && !requested.tlsInsecure()) {
            throw new InvalidAssignmentException("grants.permissions.tls_insecure",
                    "tls_insecure is granted but the manifest does not ask for it");
        }
    }

    private static InvalidAssignmentException notRequested(String field, String value) {
        return new InvalidAssignmentException("grants.permissions." + field,
                value + " is not within the manifest's " + field);
    }

    /** A granted host or pattern lies within a requested one ({@code *} covers everything, {@code *.x} deeper names). */
    static boolean domainWithin(String granted, String requested) {
        return GrantRanges.domainWithin(granted, requested);
    }
}
