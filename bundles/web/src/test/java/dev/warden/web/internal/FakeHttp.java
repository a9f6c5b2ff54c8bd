package dev.warden.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.warden.common.Json;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Just enough of the servlet API to call servlets directly: requests and responses as dynamic proxies. */
final class FakeHttp {

    private FakeHttp() {
    }

    static final class Request {
        String method = "GET";
        String pathInfo;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, String> params = new LinkedHashMap<>();
        byte[] body = new byte[0];
        long declaredLength = -2;

        Request(String method, String pathInfo) {
            this.method = method;
            this.pathInfo = pathInfo;
        }

        Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        Request param(String name, String value) {
            params.put(name, value);
            return this;
        }

        Request body(String contentType, byte[] bytes) {
            headers.put("Content-Type", contentType);
            body = bytes;
            return this;
        }

        Request body(String json) {
            return body("application/json", json.getBytes(StandardCharsets.UTF_8));
        }

        HttpServletRequest proxy() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            ServletInputStream stream = new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener l) {
                }
            };
            return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getPathInfo" -> pathInfo;
                        case "getRequestURI" -> "/api/v1" + (pathInfo == null ? "" : pathInfo);
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getParameter" -> params.get((String) args[0]);
                        case "getRemoteAddr" -> "127.0.0.1";
                        case "getContentType" -> headers.get("Content-Type");
                        case "getContentLengthLong" -> declaredLength == -2 ? (long) body.length : declaredLength;
                        case "getInputStream" -> stream;
                        case "toString" -> method + " " + pathInfo;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    static final class Response {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean committed;

        HttpServletResponse proxy() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener l) {
                }
            };
            PrintWriter writer = new PrintWriter(out, true, StandardCharsets.UTF_8);
            return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setContentType" -> contentType = (String) args[0];
                            case "setContentLength", "setCharacterEncoding" -> {
                            }
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "getWriter" -> {
                                return writer;
                            }
                            case "isCommitted" -> {
                                return committed;
                            }
                            case "resetBuffer" -> body.reset();
                            case "flushBuffer" -> {
                                writer.flush();
                                committed = true;
                            }
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
        }

        JsonNode json() throws IOException {
            return Json.mapper().readTree(body.toByteArray());
        }

        String errorCode() throws IOException {
            return json().path("error").path("code").asText();
        }
    }
}
