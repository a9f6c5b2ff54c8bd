package dev.warden.api.egress;

import java.util.List;

/**
 * An HTTP request as a plugin asked for it.
 *
 * @param insecureSkipVerify the plugin's wish to skip TLS verification; honoured only when the
 *        operator granted {@code tls_insecure}
 * @param followRedirects whether to follow redirects (each hop re-checked, at most 5)
 */
public record HttpCall(String method, String url, List<Header> headers, byte[] body, long timeoutMs,
        boolean insecureSkipVerify, boolean followRedirects) {

    public HttpCall {
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }
}
