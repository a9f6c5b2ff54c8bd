package dev.warden.capability.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.egress.Header;
import dev.warden.api.egress.HttpExchange;
import dev.warden.common.Json;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an exchange the way ServiceRadar's agent answers, so its SDKs decode it unchanged:
 * {@code {"status":200,"headers":{"Name":"v1,v2"},"body_base64":"...","body_encoding":"base64"}}
 * with repeated header values joined by commas (the SDKs read headers as a map of strings), or
 * {@code "<status>\n<body>"} in {@code status_body} mode. Warden adds {@code final_url} and
 * {@code redirects}; decoders that do not know them ignore them.
 */
final class ResponseEncoder {

    private ResponseEncoder() {
    }

    static byte[] encode(HttpExchange exchange, ResponseMode mode) {
        return mode == ResponseMode.STATUS_BODY ? statusBody(exchange) : json(exchange);
    }

    private static byte[] statusBody(HttpExchange exchange) {
        byte[] line = (exchange.status() + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[line.length + exchange.body().length];
        System.arraycopy(line, 0, out, 0, line.length);
        System.arraycopy(exchange.body(), 0, out, line.length, exchange.body().length);
        return out;
    }

    private static byte[] json(HttpExchange exchange) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("status", exchange.status());
        ObjectNode headers = root.putObject("headers");
        joinedHeaders(exchange).forEach(headers::put);
        root.put("body_base64", Base64.getEncoder().encodeToString(exchange.body()));
        root.put("body_encoding", "base64");
        if (exchange.finalUrl() != null) {
            root.put("final_url", exchange.finalUrl());
        }
        root.put("redirects", exchange.redirects());
        try {
            return Json.mapper().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of strings and numbers always serialises
        }
    }

    /** Header names compared without case (HTTP's rule); the first spelling seen is kept. */
    private static Map<String, String> joinedHeaders(HttpExchange exchange) {
        Map<String, String> spelling = new LinkedHashMap<>();
        Map<String, StringBuilder> values = new LinkedHashMap<>();
        for (Header h : exchange.headers()) {
            if (h.name() == null) {
                continue;
            }
            String key = h.name().toLowerCase(Locale.ROOT);
            spelling.putIfAbsent(key, h.name());
            StringBuilder joined = values.get(key);
            String value = h.value() == null ? "" : h.value();
            if (joined == null) {
                values.put(key, new StringBuilder(value));
            } else {
                joined.append(',').append(value);
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((key, joined) -> out.put(spelling.get(key), joined.toString()));
        return out;
    }
}
