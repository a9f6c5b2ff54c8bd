package dev.warden.capability.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.warden.api.egress.Header;
import dev.warden.api.egress.HttpCall;
import dev.warden.common.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The request document of {@code http_request}, read the way ServiceRadar's agent reads it:
 * {@code method} (default GET), {@code url}, {@code headers}, {@code body} (UTF-8 text) or
 * {@code body_base64} (wins when both are set), {@code timeout_ms}, {@code response_mode}, plus
 * {@code insecure_skip_verify} and {@code follow_redirects} (default true). Unknown fields are
 * ignored so newer SDKs keep working. Headers may come as {@code {"name":"value"}} (a value may
 * also be a list of values), {@code [["name","value"],...]} or {@code [{"name":..,"value":..}]};
 * entries with a blank name are skipped, as ServiceRadar does. Header names and values are passed
 * to the egress unchanged: refusing CR/LF injection is a policy decision, counted as a denial there.
 */
record PluginHttpRequest(String method, String url, List<Header> headers, byte[] body, long timeoutMs,
        boolean insecureSkipVerify, boolean followRedirects, ResponseMode responseMode) {

    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** An HTTP method is an RFC 9110 token. */
    private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}");

    static PluginHttpRequest parse(byte[] json) throws InvalidRequestException {
        JsonNode root = readTree(json);
        if (!root.isObject()) {
            throw new InvalidRequestException("the request must be a JSON object");
        }
        String method = optionalText(root, "method");
        method = method == null || method.isBlank() ? "GET" : method.trim().toUpperCase(Locale.ROOT);
        if (!METHOD.matcher(method).matches()) {
            throw new InvalidRequestException("method is not a valid HTTP method");
        }
        String url = optionalText(root, "url");
        if (url == null || url.isBlank()) {
            throw new InvalidRequestException("url is required");
        }
        return new PluginHttpRequest(method, url.trim(), headers(root.get("headers")), body(root),
                timeoutMs(root.get("timeout_ms")), flag(root, "insecure_skip_verify", false),
                flag(root, "follow_redirects", true), ResponseMode.of(optionalText(root, "response_mode")));
    }

    /** The call for the egress: the plugin's timeout when it gave one, never more than the run has left. */
    HttpCall toCall(long remainingMillis) {
        long timeout = timeoutMs > 0 ? Math.min(timeoutMs, remainingMillis) : remainingMillis;
        return new HttpCall(method, url, headers, body, timeout, insecureSkipVerify, followRedirects);
    }

    private static JsonNode readTree(byte[] json) throws InvalidRequestException {
        try {
            JsonNode root = READER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new InvalidRequestException("the request is empty");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("the request is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidRequestException("the request is not valid JSON: " + e.getMessage());
        }
    }

    private static String optionalText(JsonNode parent, String field) throws InvalidRequestException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidRequestException(field + " must be a string");
        }
        return node.textValue();
    }

    private static boolean flag(JsonNode parent, String field, boolean absent) throws InvalidRequestException {
        JsonNode node = parent.get(field);
        if (node == null || node.isNull()) {
            return absent;
        }
        if (!node.isBoolean()) {
            throw new InvalidRequestException(field + " must be true or false");
        }
        return node.booleanValue();
    }

    private static long timeoutMs(JsonNode node) throws InvalidRequestException {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0) {
            throw new InvalidRequestException("timeout_ms must be a non-negative integer");
        }
        return node.longValue();
    }

    private static byte[] body(JsonNode root) throws InvalidRequestException {
        String base64 = optionalText(root, "body_base64");
        if (base64 != null && !base64.isEmpty()) {
            try {
                return Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException("body_base64 is not valid base64");
            }
        }
        String text = optionalText(root, "body");
        return text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<Header> headers(JsonNode node) throws InvalidRequestException {
        List<Header> headers = new ArrayList<>();
        if (node == null || node.isNull()) {
            return headers;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isArray()) {
                    for (JsonNode value : e.getValue()) {
                        add(headers, e.getKey(), value);
                    }
                } else {
                    add(headers, e.getKey(), e.getValue());
                }
            }
        } else if (node.isArray()) {
            for (JsonNode entry : node) {
                if (entry.isArray() && entry.size() == 2 && entry.get(0).isTextual()) {
                    add(headers, entry.get(0).textValue(), entry.get(1));
                } else if (entry.isObject() && entry.path("name").isTextual()) {
                    add(headers, entry.get("name").textValue(), entry.get("value"));
                } else {
                    throw new InvalidRequestException("each header must be [name, value] or {\"name\", \"value\"}");
                }
            }
        } else {
            throw new InvalidRequestException("headers must be an object or a list");
        }
        return headers;
    }

    private static void add(List<Header> headers, String name, JsonNode value) throws InvalidRequestException {
        if (value == null || !value.isTextual()) {
            throw new InvalidRequestException("the value of header " + name + " must be a string");
        }
        if (!name.isBlank()) {
            headers.add(new Header(name, value.textValue()));
        }
    }
}
