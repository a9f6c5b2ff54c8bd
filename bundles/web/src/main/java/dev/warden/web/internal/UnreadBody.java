package dev.warden.web.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request refused before its body was read (a failed login): a small body is read and dropped so
 * the connection can carry the next request; a larger one is not read, and the response says
 * {@code Connection: close} so a client never reuses a connection the server is about to drop.
 */
final class UnreadBody {

    static final int DRAIN_LIMIT = 64 * 1024;

    private UnreadBody() {
    }

    static void discard(HttpServletRequest req, HttpServletResponse resp) {
        long length = req.getContentLengthLong();
        boolean chunked = "chunked".equalsIgnoreCase(req.getHeader("Transfer-Encoding"));
        if (length <= 0 && !chunked) {
            return;
        }
        if (length > DRAIN_LIMIT) {
            resp.setHeader("Connection", "close");
            return;
        }
        try {
            InputStream in = req.getInputStream();
            byte[] buf = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0;) {
                total += n;
                if (total > DRAIN_LIMIT) {
                    resp.setHeader("Connection", "close");
                    return;
                }
            }
        } catch (IOException | IllegalStateException e) {
            resp.setHeader("Connection", "close");
        }
    }
}
