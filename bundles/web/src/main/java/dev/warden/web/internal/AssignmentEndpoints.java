package dev.warden.web.internal;

import static dev.warden.web.internal.ApiServices.require;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.InvalidAssignmentException;
import dev.warden.api.dto.Assignment;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/** {@code /api/v1/assignments}: read what is scheduled, write through the assignment store, run now. */
final class AssignmentEndpoints {

    /** Far more than any assignment needs; keeps a stray upload from filling the heap. */
    private static final long MAX_BODY_BYTES = 1024 * 1024;

    private final ApiServices services;

    AssignmentEndpoints(ApiServices services) {
        this.services = services;
    }

    Reply list(HttpServletRequest req, List<String> p) {
        List<Object> out = current().stream().map(a -> (Object) AssignmentJson.write(a)).toList();
        return Reply.ok(Map.of("assignments", out));
    }

    Reply get(HttpServletRequest req, List<String> p) {
        return find(p.get(0)).map(a -> Reply.ok(AssignmentJson.write(a)))
                .orElseThrow(() -> noSuch(p.get(0)));
    }

    Reply put(HttpServletRequest req, List<String> p) throws IOException {
        AssignmentStore store = require(services.store(), "assignment store");
        byte[] body = BodyReader.read(req.getInputStream(), req.getContentLengthLong(), MAX_BODY_BYTES);
        Assignment wanted = AssignmentJson.read(p.get(0), body);
        boolean existed = store.assignments().stream().anyMatch(a -> a.id().equals(wanted.id()));
        try {
            Assignment stored = store.put(wanted);
            return new Reply(existed ? 200 : 201, AssignmentJson.write(stored));
        } catch (InvalidAssignmentException e) {
            throw AssignmentJson.invalid(e.field(), e.getMessage());
        }
    }

    Reply delete(HttpServletRequest req, List<String> p) {
        if (!require(services.store(), "assignment store").delete(p.get(0))) {
            throw noSuch(p.get(0));
        }
        return Reply.noContent();
    }

    Reply run(HttpServletRequest req, List<String> p) {
        return require(services.runner(), "assignment runner").runNow(p.get(0)).map(Reply::ok)
                .orElseThrow(() -> noSuch(p.get(0)));
    }

    /** The scheduler's view covers every source; without it, fall back to what the store holds. */
    private Collection<Assignment> current() {
        AssignmentRunner runner = services.runner();
        if (runner != null) {
            return runner.assignments();
        }
        return require(services.store(), "assignment runner").assignments();
    }

    private Optional<Assignment> find(String id) {
        AssignmentRunner runner = services.runner();
        if (runner != null) {
            return runner.assignment(id);
        }
        return require(services.store(), "assignment runner").assignments().stream()
                .filter(a -> a.id().equals(id)).findFirst();
    }

    private static ApiException noSuch(String id) {
        return ApiException.notFound("no assignment " + id);
    }
}
