package dev.warden.registry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.warden.api.InvalidPluginException;
import dev.warden.api.dto.Permissions;
import dev.warden.api.dto.PluginManifest;
import dev.warden.api.dto.Resources;
import dev.warden.common.CanonicalJson;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;

/**
 * Reads {@code plugin.yaml} into a {@link PluginManifest} and applies the basic rules of
 * DESIGN.md §3. Strict on purpose: unknown keys, duplicate keys, anchors and aliases are errors,
 * so what an operator reviews is exactly what runs.
 */
final class ManifestParser {

    static final String RESULT_FORMAT = "serviceradar.plugin_result.v1";

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern CAPABILITY = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    private static final Pattern EXPORT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.$-]{0,127}");
    private static final int MAX_TEXT = 1024;

    private final int maxBytes;
    private final LoaderOptions loaderOptions;
    private final YAMLMapper mapper;

    ManifestParser(int maxBytes) {
        this.maxBytes = maxBytes;
        this.loaderOptions = loaderOptions(maxBytes);
        this.mapper = YAMLMapper.builder(YAMLFactory.builder().loaderOptions(loaderOptions).build())
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
    }

    private static LoaderOptions loaderOptions(int maxBytes) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(0);
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(20);
        options.setCodePointLimit(maxBytes);
        return options;
    }

    /**
     * Parses and checks a manifest.
     *
     * @param knownCapabilities the capability names the agent knows ({@code ModuleValidator.knownCapabilities()})
     */
    PluginManifest parse(byte[] yaml, Set<String> knownCapabilities) throws InvalidPluginException {
        if (yaml.length > maxBytes) {
            throw invalid("too_large", null, "plugin.yaml is larger than " + maxBytes + " bytes");
        }
        String text = utf8(yaml);
        if (text.isBlank()) {
            throw invalid(null, "plugin.yaml is empty");
        }
        rejectAliasesAndMultipleDocuments(text);
        PluginManifest manifest = bind(text);
        check(manifest, knownCapabilities);
        return manifest;
    }

    /**
     * The manifest as a JSON tree, the form a signature covers. Only for YAML that
     * {@link #parse} accepted.
     */
    JsonNode tree(byte[] yaml) throws InvalidPluginException {
        JsonNode tree;
        try {
            tree = mapper.readTree(yaml);
        } catch (IOException e) {
            throw invalid(null, "plugin.yaml is not valid YAML: " + firstLine(e.getMessage()));
        }
        try {
            CanonicalJson.write(tree); // a manifest must have the JSON form that signatures cover
        } catch (IllegalArgumentException e) {
            throw invalid(null, "plugin.yaml holds a value JSON cannot carry: " + e.getMessage());
        }
        return tree;
    }

    private static String utf8(byte[] bytes) throws InvalidPluginException {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid(null, "plugin.yaml is not UTF-8");
        }
    }

    /**
     * Jackson reads YAML event by event and never expands aliases itself, so the loader's alias
     * limit does not protect it; the events are checked here instead.
     */
    private void rejectAliasesAndMultipleDocuments(String text) throws InvalidPluginException {
        int documents = 0;
        try {
            for (Event event : new Yaml(loaderOptions).parse(new StringReader(text))) {
                if (event instanceof AliasEvent || (event instanceof NodeEvent node && node.getAnchor() != null)) {
                    throw invalid(null, "YAML anchors and aliases are not allowed (line "
                            + (event.getStartMark().getLine() + 1) + ")");
                }
                if (event instanceof DocumentStartEvent && ++documents > 1) {
                    throw invalid(null, "plugin.yaml must hold exactly one YAML document");
                }
            }
        } catch (YAMLException e) {
            throw invalid(null, "plugin.yaml is not valid YAML: " + firstLine(e.getMessage()));
        }
    }

    private PluginManifest bind(String text) throws InvalidPluginException {
        try {
            PluginManifest manifest = mapper.readValue(text, PluginManifest.class);
            if (manifest == null) {
                throw invalid(null, "plugin.yaml is empty");
            }
            return manifest;
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw invalid(field, "unknown key '" + field + "' in plugin.yaml");
        } catch (JsonMappingException e) {
            String field = path(e);
            throw invalid(field.isEmpty() ? null : field, "plugin.yaml: "
                    + (field.isEmpty() ? "" : "wrong value for '" + field + "': ") + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw invalid(null, "plugin.yaml is not valid YAML: " + firstLine(e.getOriginalMessage()));
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static void check(PluginManifest m, Set<String> knownCapabilities) throws InvalidPluginException {
        if (m.id() == null || !ID.matcher(m.id()).matches()) {
            throw invalid("id", "id must match [a-z0-9][a-z0-9._-]{0,63}");
        }
        if (m.name() == null || m.name().isBlank() || m.name().length() > MAX_TEXT) {
            throw invalid("name", "name is required (at most " + MAX_TEXT + " characters)");
        }
        if (SemVer.parse(m.version()) == null) {
            throw invalid("version", "version must be a semantic version such as 1.2.0 (got "
                    + (m.version() == null ? "nothing" : "'" + m.version() + "'") + ")");
        }
        if (!EXPORT_NAME.matcher(m.entrypoint()).matches()) {
            throw invalid("entrypoint", "entrypoint must be the name of an exported function");
        }
        if (!m.runtime().equals(PluginManifest.RUNTIME_WASI) && !m.runtime().equals(PluginManifest.RUNTIME_NONE)) {
            throw invalid("runtime", "runtime must be " + PluginManifest.RUNTIME_WASI + " or "
                    + PluginManifest.RUNTIME_NONE);
        }
        if (m.outputs() != null && !m.outputs().equals(RESULT_FORMAT)) {
            throw invalid("outputs", "outputs must be " + RESULT_FORMAT);
        }
        checkCapabilities(m.capabilities(), knownCapabilities);
        checkPermissions(m.permissions());
        checkResources(m.resources());
        if (m.schemaVersion() != null && m.schemaVersion() < 1) {
            throw invalid("schema_version", "schema_version must be positive");
        }
    }

    private static void checkCapabilities(List<String> capabilities, Set<String> known)
            throws InvalidPluginException {
        Set<String> seen = new HashSet<>();
        for (String c : capabilities) {
            if (c == null || !CAPABILITY.matcher(c).matches()) {
                throw invalid("capabilities", "capability names are lower-case words such as get_config");
            }
            if (!known.contains(c)) {
                throw invalid("capabilities", "unknown capability " + c + " (known: "
                        + known.stream().sorted().collect(Collectors.joining(", ")) + ")");
            }
            if (!seen.add(c)) {
                throw invalid("capabilities", "capability " + c + " is listed twice");
            }
        }
    }

    private static void checkPermissions(Permissions p) throws InvalidPluginException {
        for (String d : p.allowedDomains()) {
            if (d == null || d.isBlank() || d.length() > 253) {
                throw invalid("permissions.allowed_domains", "allowed_domains entries must be host names");
            }
        }
        for (String n : p.allowedNetworks()) {
            if (n == null || n.isBlank() || n.length() > 64) {
                throw invalid("permissions.allowed_networks", "allowed_networks entries must be CIDR ranges");
            }
        }
        for (Integer port : p.allowedPorts()) {
            if (port == null || port < 1 || port > 65535) {
                throw invalid("permissions.allowed_ports", "allowed_ports entries must be 1..65535");
            }
        }
    }

    private static void checkResources(Resources r) throws InvalidPluginException {
        positive("resources.requested_memory_mb", r.requestedMemoryMb());
        positive("resources.timeout_ms", r.timeoutMs());
        positive("resources.max_open_connections", r.maxOpenConnections());
        positive("resources.max_http_response_bytes", r.maxHttpResponseBytes());
        positive("resources.max_log_bytes", r.maxLogBytes());
        positive("resources.requested_cpu_ms", r.requestedCpuMs());
    }

    private static void positive(String field, Number value) throws InvalidPluginException {
        if (value != null && value.longValue() <= 0) {
            throw invalid(field, field.substring(field.indexOf('.') + 1) + " must be positive");
        }
    }

    private static InvalidPluginException invalid(String field, String message) {
        return invalid("invalid_manifest", field, message);
    }

    private static InvalidPluginException invalid(String code, String field, String message) {
        return new InvalidPluginException(code, field, message);
    }
}
