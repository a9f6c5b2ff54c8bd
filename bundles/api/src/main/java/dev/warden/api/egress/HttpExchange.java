package dev.warden.api.egress;

import java.util.List;

/** The final response of an exchange (after any redirects), with its body within the size cap. */
public record HttpExchange(int status, List<Header> headers, byte[] body, String finalUrl, int redirects) {

    public HttpExchange {
        headers = headers == null ? List.of() : List.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }
}
