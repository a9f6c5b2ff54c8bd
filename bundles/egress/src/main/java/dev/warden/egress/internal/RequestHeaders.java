package dev.warden.egress.internal;

import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.Header;
import dev.warden.api.spi.AbiCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The plugin's request method and headers, checked. Header names must be tokens and values free of
 * CR, LF, NUL and other controls (no request smuggling); {@code Host} is refused, since the host
 * is the checked one. Framing and hop-by-hop headers ({@code Content-Length},
 * {@code Transfer-Encoding}, {@code Connection} ...) are dropped: the client computes them from the
 * body, and a plugin-chosen value could only desynchronise the connection.
 */
final class RequestHeaders {

    static final int MAX_TOTAL_BYTES = 65536;

    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
    private static final Set<String> DROPPED = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "upgrade", "te", "trailer", "expect", "http2-settings");
    private static final Set<String> CROSS_ORIGIN_SECRETS = Set.of("authorization", "cookie",
            "proxy-authorization");

    private RequestHeaders() {
    }

    static String method(String method) throws EgressException {
        if (method == null || method.isEmpty()) {
            return "GET";
        }
        if (!TOKEN.matcher(method).matches() || method.length() > 32) {
            throw new EgressException(AbiCodes.DENIED, "method", "method is not a token");
        }
        if (method.equalsIgnoreCase("CONNECT")) {
            throw new EgressException(AbiCodes.DENIED, "method", "CONNECT is not allowed");
        }
        return method;
    }

    static List<Header> check(List<Header> headers) throws EgressException {
        List<Header> out = new ArrayList<>();
        long total = 0;
        for (Header h : headers) {
            String name = h.name();
            String value = h.value() == null ? "" : h.value();
            if (name == null || !TOKEN.matcher(name).matches()) {
                throw new EgressException(AbiCodes.DENIED, "header", "header name is not a token");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                    throw new EgressException(AbiCodes.DENIED, "header", "control character in header " + name);
                }
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("host")) {
                throw new EgressException(AbiCodes.DENIED, "header:host", "the Host header is set from the url");
            }
            total += name.length() + value.length() + 4;
            if (total > MAX_TOTAL_BYTES) {
                throw new EgressException(AbiCodes.TOO_LARGE, "max_request_header_bytes", "request headers too large");
            }
            if (!DROPPED.contains(lower)) {
                out.add(new Header(name, value));
            }
        }
        return out;
    }

    /** Credentials meant for one origin never travel to another on a redirect. */
    static List<Header> forOtherOrigin(List<Header> headers) {
        return headers.stream()
                .filter(h -> !CROSS_ORIGIN_SECRETS.contains(h.name().toLowerCase(Locale.ROOT)))
                .toList();
    }

    /** A redirect that turns the request into a GET leaves the body and its description behind. */
    static List<Header> withoutBody(List<Header> headers) {
        return headers.stream()
                .filter(h -> !h.name().toLowerCase(Locale.ROOT).startsWith("content-"))
                .toList();
    }
}
