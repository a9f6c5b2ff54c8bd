package dev.warden.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;

/** One method on one path; {@code params} are the path's variable segments in order. */
@FunctionalInterface
interface Endpoint {

    Reply handle(HttpServletRequest request, List<String> params) throws IOException;
}
