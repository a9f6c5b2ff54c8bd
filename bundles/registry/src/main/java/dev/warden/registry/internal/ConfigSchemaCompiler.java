package dev.warden.registry.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaId;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.resource.InputStreamSource;
import com.networknt.schema.resource.SchemaLoader;
import dev.warden.api.InvalidPluginException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a package's {@code config.schema.json} into a {@link ConfigSchema}: strict JSON with an
 * object root, a supported dialect (draft 2020-12, the default, or draft-07), valid against its
 * meta-schema, and compilable. References may point only into the schema itself: a plugin's
 * schema must never make the agent fetch anything, so every non-bundled IRI fails to load.
 */
final class ConfigSchemaCompiler {

    private static final Map<String, SpecVersion.VersionFlag> DIALECTS = Map.of(
            "https://json-schema.org/draft/2020-12/schema", SpecVersion.VersionFlag.V202012,
            "http://json-schema.org/draft-07/schema", SpecVersion.VersionFlag.V7,
            "https://json-schema.org/draft-07/schema", SpecVersion.VersionFlag.V7);
    private static final int MAX_ERRORS = 5;

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final JsonSchemaFactory draft202012 = factory(SpecVersion.VersionFlag.V202012);
    private final JsonSchemaFactory draft7 = factory(SpecVersion.VersionFlag.V7);
    private final JsonSchema meta202012 = draft202012.getSchema(SchemaLocation.of(SchemaId.V202012), config());
    private final JsonSchema meta7 = draft7.getSchema(SchemaLocation.of(SchemaId.V7), config());

    private static JsonSchemaFactory factory(SpecVersion.VersionFlag version) {
        return JsonSchemaFactory.getInstance(version,
                b -> b.schemaLoaders(loaders -> loaders.values(list -> list.add(0, new BundledOnlyLoader()))));
    }

    private static SchemaValidatorsConfig config() {
        // Messages name the offending value by JSON path ("$.auth.port"), the form operators read.
        return SchemaValidatorsConfig.builder().pathType(PathType.JSON_PATH).build();
    }

    /** Loads the meta-schemas shipped inside this bundle and refuses every other IRI. */
    private static final class BundledOnlyLoader implements SchemaLoader {
        private static final String CLASSPATH = "classpath:";

        @Override
        public InputStreamSource getSchema(com.networknt.schema.AbsoluteIri iri) {
            String text = iri.toString();
            if (text.startsWith(CLASSPATH)) {
                String path = text.substring(CLASSPATH.length()).replaceFirst("^/+", "");
                return () -> {
                    InputStream in = ConfigSchemaCompiler.class.getClassLoader().getResourceAsStream(path);
                    if (in == null) {
                        throw new FileNotFoundException(text);
                    }
                    return in;
                };
            }
            return () -> {
                throw new IOException("references outside the schema are not allowed: " + text);
            };
        }
    }

    ConfigSchema compile(byte[] json) throws InvalidPluginException {
        JsonNode root;
        try {
            root = STRICT_JSON.readTree(json);
        } catch (IOException e) {
            throw invalid("config.schema.json is not valid JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw invalid("config.schema.json must have an object at its root");
        }
        SpecVersion.VersionFlag version = dialect(root);
        JsonSchemaFactory factory = version == SpecVersion.VersionFlag.V7 ? draft7 : draft202012;
        JsonSchema meta = version == SpecVersion.VersionFlag.V7 ? meta7 : meta202012;
        try {
            Set<ValidationMessage> problems = meta.validate(root);
            if (!problems.isEmpty()) {
                throw invalid("config.schema.json is not a valid JSON Schema: " + describe(problems));
            }
            JsonSchema schema = factory.getSchema(root, config());
            schema.initializeValidators();
            return new ConfigSchema(schema, root);
        } catch (InvalidPluginException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            throw invalid("config.schema.json cannot be used: " + firstLine(String.valueOf(e.getMessage())));
        }
    }

    private static SpecVersion.VersionFlag dialect(JsonNode root) throws InvalidPluginException {
        JsonNode declared = root.get("$schema");
        if (declared == null) {
            return SpecVersion.VersionFlag.V202012;
        }
        String iri = declared.isTextual() ? declared.textValue().replaceFirst("#$", "") : "";
        SpecVersion.VersionFlag version = DIALECTS.get(iri);
        if (version == null) {
            throw invalid("config.schema.json $schema must be draft 2020-12 or draft-07");
        }
        return version;
    }

    static String describe(Set<ValidationMessage> problems) {
        return problems.stream().map(ValidationMessage::getMessage).sorted().limit(MAX_ERRORS)
                .collect(Collectors.joining("; "));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static InvalidPluginException invalid(String message) {
        return new InvalidPluginException("invalid_config_schema", PackageContents.SCHEMA, message);
    }
}
