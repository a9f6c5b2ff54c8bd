package dev.warden.capability.http.internal;

/** How {@code http_request} hands the response back (the request's {@code response_mode}). */
enum ResponseMode {

    /** {@code {"status","headers","body_base64",...}}: ServiceRadar's default, called "envelope" by its SDK. */
    JSON,

    /** {@code "<status>\n<body>"}: the raw body after a decimal status line, no headers. */
    STATUS_BODY;

    /** The mode a request names; null or blank means {@link #JSON}. */
    static ResponseMode of(String name) throws InvalidRequestException {
        if (name == null || name.isBlank()) {
            return JSON;
        }
        switch (name.trim()) {
            case "json":
            case "envelope":
                return JSON;
            case "status_body":
                return STATUS_BODY;
            default:
                throw new InvalidRequestException("response_mode must be json, envelope or status_body");
        }
    }
}
