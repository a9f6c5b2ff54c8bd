package dev.warden.egress.internal;

import dev.warden.api.egress.EgressException;
import dev.warden.api.egress.Header;
import dev.warden.api.spi.AbiCodes;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;

/**
 * The HTTP clients of one run (one verifying TLS, one trusting any certificate when the operator
 * granted {@code tls_insecure}), created on first use and stopped with the run.
 */
final class SessionHttp implements AutoCloseable {

    /** One response, before redirects are considered. */
    record Sent(int status, List<Header> headers, byte[] body, long bytesOut, long bytesIn) {
        String header(String name) {
            for (Header h : headers) {
                if (h.name().equalsIgnoreCase(name)) {
                    return h.value();
                }
            }
            return null;
        }
    }

    private final EgressRuntime runtime;
    private final int maxConnections;
    private final PinnedResolver resolver = new PinnedResolver();
    private HttpClient verifying;
    private HttpClient trusting;
    private boolean closed;

    SessionHttp(EgressRuntime runtime, int maxConnections) {
        this.runtime = runtime;
        this.maxConnections = maxConnections;
    }

    Sent send(EgressPolicy.CheckedUrl url, List<InetAddress> addresses, String method, List<Header> headers,
            byte[] body, long timeoutMs, boolean trustAll, long maxBody) throws EgressException {
        resolver.pin(url.host(), url.port(), addresses);
        HttpClient client = client(trustAll);
        Request request = client.newRequest(url.uri())
                .method(method)
                .followRedirects(false)
                .timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .idleTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .headers(fields -> headers.forEach(h -> fields.add(h.name(), h.value())));
        if (body.length > 0) {
            request.body(new BytesRequestContent(body));
        }
        long headerBytesOut = headers.stream().mapToLong(h -> h.name().length() + h.value().length() + 4).sum();
        CappedResponse listener = new CappedResponse(maxBody);
        request.send(listener);
        Result result;
        try {
            // the request's own timeout fires first; this bound only guards against a lost callback
            result = listener.done().get(timeoutMs + 1000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            request.abort(e);
            throw new EgressException(AbiCodes.TIMEOUT, null, "request timed out");
        } catch (InterruptedException e) {
            request.abort(e);
            Thread.currentThread().interrupt();
            throw new EgressException(AbiCodes.TIMEOUT, null, "interrupted: the run's time is up");
        } catch (ExecutionException e) {
            throw new EgressException(AbiCodes.INTERNAL, null, "request failed");
        }
        if (listener.tooLarge()) {
            throw new EgressException(AbiCodes.TOO_LARGE, "max_http_response_bytes",
                    "response body exceeds " + maxBody + " bytes");
        }
        if (result.isFailed()) {
            throw failure(result.getFailure());
        }
        List<Header> responseHeaders = new ArrayList<>();
        long headerBytesIn = 0;
        for (HttpField f : result.getResponse().getHeaders()) {
            responseHeaders.add(new Header(f.getName(), f.getValue()));
            headerBytesIn += f.getName().length() + (f.getValue() == null ? 0 : f.getValue().length()) + 4;
        }
        byte[] responseBody = listener.body();
        return new Sent(result.getResponse().getStatus(), responseHeaders, responseBody,
                body.length + headerBytesOut, responseBody.length + headerBytesIn);
    }

    private EgressException failure(Throwable failure) {
        synchronized (this) {
            if (closed) {
                return new EgressException(AbiCodes.BAD_HANDLE, null, "egress session closed");
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return new EgressException(AbiCodes.TIMEOUT, null, "request timed out");
            }
            if (t instanceof InterruptedException) {
                return new EgressException(AbiCodes.TIMEOUT, null, "interrupted: the run's time is up");
            }
            if (t instanceof SSLException) {
                return new EgressException(AbiCodes.INTERNAL, null, "tls failed: " + t.getMessage());
            }
            if (t instanceof ConnectException) {
                return new EgressException(AbiCodes.INTERNAL, null, "connection refused");
            }
            String m = String.valueOf(t.getMessage());
            if (m.contains("431") || m.toLowerCase(java.util.Locale.ROOT).contains("too large")) {
                return new EgressException(AbiCodes.TOO_LARGE, "max_response_header_bytes",
                        "response headers too large");
            }
        }
        return new EgressException(AbiCodes.INTERNAL, null, "request failed: " + failure.getClass().getSimpleName());
    }

    private synchronized HttpClient client(boolean trustAll) throws EgressException {
        if (closed) {
            throw new EgressException(AbiCodes.BAD_HANDLE, null, "egress session closed");
        }
        try {
            if (trustAll) {
                if (trusting == null) {
                    trusting = runtime.newHttpClient(true, resolver, maxConnections);
                }
                return trusting;
            }
            if (verifying == null) {
                verifying = runtime.newHttpClient(false, resolver, maxConnections);
            }
            return verifying;
        } catch (Exception e) {
            throw new EgressException(AbiCodes.INTERNAL, null, "http client failed to start");
        }
    }

    @Override
    public void close() {
        HttpClient a;
        HttpClient b;
        synchronized (this) {
            closed = true;
            a = verifying;
            b = trusting;
            verifying = null;
            trusting = null;
        }
        stop(a);
        stop(b);
    }

    private static void stop(HttpClient client) {
        if (client != null) {
            try {
                client.stop();
            } catch (Exception e) {
                // the run is over either way
            }
        }
    }
}
