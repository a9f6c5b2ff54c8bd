package dev.warden.web.internal;

/** An HTTP error answer: the servlet turns it into {@code {"error":{"code","message"}}} with the status. */
final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    static ApiException notFound(String message) {
        return new ApiException(404, "not_found", message);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, "bad_request", message);
    }

    static ApiException unavailable(String service) {
        return new ApiException(503, "service_unavailable", service + " is not available");
    }
}
