package dev.warden.web.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body up to a cap, counting what actually arrives (a Content-Length can lie or be absent). */
final class BodyReader {

    private BodyReader() {
    }

    static byte[] read(InputStream in, long declaredLength, long maxBytes) throws IOException {
        if (declaredLength > maxBytes) {
            throw tooLarge(maxBytes);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Math.max(declaredLength, 8192), maxBytes));
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buf)) != -1) {
            total += n;
            if (total > maxBytes) {
                throw tooLarge(maxBytes);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static ApiException tooLarge(long maxBytes) {
        return new ApiException(413, "too_large", "request body exceeds " + maxBytes + " bytes");
    }
}
