package dev.warden.egress.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty server on 127.0.0.1 serving the targets the tests need: /hello, /echo, /redirect?n=K,
 * /to?loc=URL, /see-other, /big?n=BYTES, /slow.
 */
final class TestHttpServer implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector;
    final AtomicInteger requests = new AtomicInteger();

    TestHttpServer() throws Exception {
        this(null, null);
    }

    /** With a key store, serves HTTPS. */
    TestHttpServer(Path keyStore, String password) throws Exception {
        if (keyStore == null) {
            connector = new ServerConnector(server);
        } else {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(keyStore.toString());
            tls.setKeyStorePassword(password);
            tls.setKeyStoreType("PKCS12");
            connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory());
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                requests.incrementAndGet();
                serve(request, response, callback);
                return true;
            }
        });
        server.start();
    }

    int port() {
        return connector.getLocalPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    private static void serve(Request request, Response response, Callback callback) throws Exception {
        String path = Request.getPathInContext(request);
        Fields query = Request.extractQueryParameters(request);
        switch (path) {
            case "/hello" -> text(response, callback, 200, "hello");
            case "/echo" -> {
                String body = Content.Source.asString(request, StandardCharsets.UTF_8);
                response.getHeaders().put("X-Host", String.valueOf(request.getHeaders().get(HttpHeader.HOST)));
                response.getHeaders().put("X-Auth", String.valueOf(request.getHeaders().get(HttpHeader.AUTHORIZATION)));
                text(response, callback, 200, request.getMethod() + " " + body);
            }
            case "/redirect" -> {
                int n = Integer.parseInt(query.getValue("n"));
                if (n == 0) {
                    text(response, callback, 200, "done");
                } else {
                    redirect(response, callback, 302, "/redirect?n=" + (n - 1));
                }
            }
            case "/to" -> redirect(response, callback, 302, query.getValue("loc"));
            case "/see-other" -> redirect(response, callback, 303, "/echo");
            case "/big" -> text(response, callback, 200, "x".repeat(Integer.parseInt(query.getValue("n"))));
            case "/slow" -> {
                response.setStatus(200);
                for (int i = 0; i < 100; i++) {
                    try (Blocker.Callback cb = Blocker.callback()) {
                        response.write(false, ByteBuffer.wrap(new byte[] {'.'}), cb);
                        cb.block();
                    }
                    Thread.sleep(50);
                }
                response.write(true, ByteBuffer.allocate(0), callback);
            }
            default -> text(response, callback, 404, "no");
        }
    }

    private static void text(Response response, Callback callback, int status, String body) {
        response.setStatus(status);
        Content.Sink.write(response, true, body, callback);
    }

    private static void redirect(Response response, Callback callback, int status, String location) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.LOCATION, location);
        Content.Sink.write(response, true, "", callback);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
