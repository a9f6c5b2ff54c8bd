package dev.warden.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The API's bearer-token check, offered as a service by {@link ApiServlet} so every other servlet of
 * this bundle that needs the API token (such as {@link MetricsServlet}) applies the token in force
 * now, configured or generated, instead of keeping a copy that could go stale.
 */
public interface BearerCheck {

    /**
     * Returns when the request carries the API token.
     *
     * @throws ApiException 401 (with {@code WWW-Authenticate} set on {@code resp}) for a missing or
     *         wrong token, 503 when no token is available
     */
    void authenticate(HttpServletRequest req, HttpServletResponse resp);
}
