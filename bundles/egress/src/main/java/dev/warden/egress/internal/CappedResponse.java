package dev.warden.egress.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;

/** Buffers a response body up to a cap and aborts the exchange the moment it would exceed it. */
final class CappedResponse implements Response.Listener {

    /** Why an exchange was aborted for size. */
    static final class TooLarge extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TooLarge() {
            super("response body exceeds max_http_response_bytes", null, false, false);
        }
    }

    private final long cap;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final CompletableFuture<Result> done = new CompletableFuture<>();
    private volatile boolean tooLarge;

    CappedResponse(long cap) {
        this.cap = cap;
    }

    @Override
    public void onHeaders(Response response) {
        long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
        if (declared > cap) {
            tooLarge = true;
            response.abort(new TooLarge());
        }
    }

    @Override
    public void onContent(Response response, ByteBuffer content) {
        synchronized (body) {
            if (tooLarge) {
                return;
            }
            if (body.size() + (long) content.remaining() > cap) {
                tooLarge = true;
                response.abort(new TooLarge());
                return;
            }
            byte[] chunk = new byte[content.remaining()];
            content.get(chunk);
            body.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onComplete(Result result) {
        done.complete(result);
    }

    CompletableFuture<Result> done() {
        return done;
    }

    boolean tooLarge() {
        return tooLarge;
    }

    byte[] body() {
        synchronized (body) {
            return body.toByteArray();
        }
    }
}
