package dev.warden.web.internal;

import static dev.warden.web.internal.ApiServices.require;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/results?assignment=ID&limit=N}: newest first. */
final class ResultEndpoints {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1000;

    private final ApiServices services;

    ResultEndpoints(ApiServices services) {
        this.services = services;
    }

    Reply latest(HttpServletRequest req, List<String> p) {
        String assignment = req.getParameter("assignment");
        int limit = limit(req.getParameter("limit"));
        return Reply.ok(Map.of("results", require(services.results(), "result store")
                .latest(assignment == null || assignment.isBlank() ? null : assignment, limit)));
    }

    static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.trim());
            if (n < 1) {
                throw ApiException.badRequest("limit must be at least 1");
            }
            return Math.min(n, MAX_LIMIT);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("limit must be a number, was '" + text + "'");
        }
    }
}
