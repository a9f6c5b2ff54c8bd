package dev.warden.itests;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real Jetty server on 127.0.0.1 (the Jetty the Felix HTTP bundle exports) that plugins are
 * pointed at. It counts every request and answers by path:
 * <ul>
 * <li>{@code /hello}: 200 "hello"</li>
 * <li>{@code /status/N}: status N, body "status N"</li>
 * <li>{@code /redirect?to=URL}: 302 to URL</li>
 * <li>{@code /chain/N}: 302 to {@code /chain/N-1}, 200 at 0 (N redirects in all)</li>
 * <li>{@code /bytes/N}: 200 with N bytes</li>
 * <li>{@code /json/S/V}: status S, body {@code {"service":{"queue":{"depth":V}},"name":"itest"}}</li>
 * <li>{@code /trickle/TAG}: 200, then one byte every 100 ms for up to 30 s; when the client goes
 * away first, the time is recorded under TAG</li>
 * </ul>
 */
final class WebTarget implements AutoCloseable {

    private final Server server;
    private final int port;
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> paths = new CopyOnWriteArrayList<>();
    /** Per trickle tag: when the client went away (System.nanoTime). */
    private final Map<String, Long> trickleAbandonedAt = new ConcurrentHashMap<>();

    private WebTarget(Server server, ServerConnector connector) {
        this.server = server;
        this.port = connector.getLocalPort();
    }

    /** Starts on the first of these ports that is free (0: any port). */
    static WebTarget start(int... ports) throws Exception {
        Exception last = null;
        for (int candidate : ports.length == 0 ? new int[] {0} : ports) {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(candidate);
            server.addConnector(connector);
            WebTarget[] self = new WebTarget[1];
            server.setHandler(new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) throws Exception {
                    return self[0].serve(request, response, callback);
                }
            });
            try {
                server.start();
                self[0] = new WebTarget(server, connector);
                return self[0];
            } catch (Exception e) {
                last = e;
                server.stop();
            }
        }
        throw new IllegalStateException("no free port among " + java.util.Arrays.toString(ports), last);
    }

    int port() {
        return port;
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    int requests() {
        return requests.get();
    }

    List<String> paths() {
        return List.copyOf(paths);
    }

    /** When the client of {@code /trickle/TAG} went away (System.nanoTime), or null while it has not. */
    Long trickleAbandonedAt(String tag) {
        return trickleAbandonedAt.get(tag);
    }

    private boolean serve(Request request, Response response, Callback callback) throws IOException {
        requests.incrementAndGet();
        String path = request.getHttpURI().getPath();
        paths.add(path);
        String[] parts = path.split("/");
        String route = parts.length > 1 ? parts[1] : "";
        switch (route) {
            case "hello" -> text(response, callback, 200, "hello");
            case "status" -> {
                int status = Integer.parseInt(parts[2]);
                text(response, callback, status, "status " + status);
            }
            case "redirect" -> redirect(response, callback, query(request, "to"));
            case "chain" -> {
                int left = Integer.parseInt(parts[2]);
                if (left > 0) {
                    redirect(response, callback, url("/chain/" + (left - 1)));
                } else {
                    text(response, callback, 200, "end of chain");
                }
            }
            case "bytes" -> {
                int n = Integer.parseInt(parts[2]);
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, Integer.toString(n));
                byte[] body = new byte[n];
                java.util.Arrays.fill(body, (byte) 'x');
                response.write(true, ByteBuffer.wrap(body), callback);
            }
            case "json" -> {
                int status = Integer.parseInt(parts[2]);
                long depth = Long.parseLong(parts[3]);
                response.setStatus(status);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                Content.Sink.write(response, true,
                        "{\"service\":{\"queue\":{\"depth\":" + depth + "}},\"name\":\"itest\"}", callback);
            }
            case "trickle" -> trickle(parts.length > 2 ? parts[2] : "", response, callback);
            default -> text(response, callback, 404, "no route " + path);
        }
        return true;
    }

    private void trickle(String tag, Response response, Callback callback) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        try {
            for (int i = 0; i < 300; i++) {
                Content.Sink.write(response, false, ByteBuffer.wrap(new byte[] {'.'}));
                Thread.sleep(100);
            }
            Content.Sink.write(response, true, ByteBuffer.allocate(0));
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            trickleAbandonedAt.put(tag, System.nanoTime());
            callback.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        }
    }

    private static String query(Request request, String name) {
        String query = request.getHttpURI().getQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                if (pair.startsWith(name + "=")) {
                    return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return "/";
    }

    private static void redirect(Response response, Callback callback, String location) {
        response.setStatus(302);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, "0");
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    private static void text(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        Content.Sink.write(response, true, body, callback);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
