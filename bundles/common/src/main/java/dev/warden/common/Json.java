package dev.warden.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The one JSON convention of Warden's wire formats (REST, journal, fleet): snake_case names,
 * nulls left out, unknown fields tolerated when reading stored data. Embedded privately in each
 * bundle that needs it, so no bundle exports Jackson types.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private Json() {
    }

    /** A shared, thread-safe mapper; do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A compact error body: {@code {"error":{"code":...,"message":...}}}. */
    public static String error(String code, String message) {
        var root = MAPPER.createObjectNode();
        var err = root.putObject("error");
        err.put("code", code);
        err.put("message", message);
        return root.toString();
    }
}
