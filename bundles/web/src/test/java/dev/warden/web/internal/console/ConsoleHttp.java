package dev.warden.web.internal.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import jakarta.servlet.http.Part;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Console requests and responses as dynamic proxies, with a session that lives across requests. */
final class ConsoleHttp {

    static final String APP_ROOT = "/system/console";
    static final String PLUGIN_ROOT = APP_ROOT + "/warden";

    /** One browser: its session survives from request to request. */
    final Map<String, Object> session = new HashMap<>();

    Request get(String pathBelowLabel) {
        return new Request("GET", pathBelowLabel);
    }

    Request post(String pathBelowLabel) {
        return new Request("POST", pathBelowLabel).header("Host", "localhost:8080").header("Origin", "http://localhost:8080");
    }

    final class Request {
        final String method;
        final String path;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final Map<String, String> params = new LinkedHashMap<>();
        final Map<String, Part> parts = new LinkedHashMap<>();
        String user = "admin";
        String contentType;

        Request(String method, String path) {
            this.method = method;
            this.path = path;
        }

        Request header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        Request param(String name, String value) {
            params.put(name, value);
            return this;
        }

        Request file(String field, String fileName, byte[] bytes) {
            contentType = "multipart/form-data; boundary=x";
            parts.put(field, part(field, fileName, bytes));
            return this;
        }

        /** A form field sent as a multipart part only (not visible through getParameter). */
        Request multipartField(String field, String value) {
            contentType = "multipart/form-data; boundary=x";
            parts.put(field, part(field, null, value.getBytes(StandardCharsets.UTF_8)));
            return this;
        }

        HttpServletRequest proxy() {
            String uri = PLUGIN_ROOT + path;
            Map<String, Object> attributes = new HashMap<>();
            attributes.put("felix.webconsole.appRoot", APP_ROOT);
            attributes.put("felix.webconsole.pluginRoot", PLUGIN_ROOT);
            return (HttpServletRequest) Proxy.newProxyInstance(ConsoleHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, args) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getPathInfo" -> "/warden" + path;
                        case "getRequestURI" -> uri;
                        case "getContextPath" -> "";
                        case "getServletPath" -> APP_ROOT;
                        case "getHeader" -> headers.get((String) args[0]);
                        case "getParameter" -> params.get((String) args[0]);
                        case "getContentType" -> contentType;
                        case "getAttribute" -> attributes.get((String) args[0]);
                        case "getRemoteUser" -> user;
                        case "getRemoteAddr" -> "127.0.0.1";
                        case "getPart" -> parts.get((String) args[0]);
                        case "getSession" -> args == null || (Boolean) args[0] || !session.isEmpty() ? session() : null;
                        case "toString" -> method + " " + uri;
                        default -> throw new UnsupportedOperationException(m.getName());
                    });
        }
    }

    private HttpSession session() {
        return (HttpSession) Proxy.newProxyInstance(ConsoleHttp.class.getClassLoader(), new Class<?>[] {HttpSession.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getAttribute" -> session.get((String) args[0]);
                    case "setAttribute" -> session.put((String) args[0], args[1]);
                    case "removeAttribute" -> session.remove((String) args[0]);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    private static Part part(String name, String fileName, byte[] bytes) {
        return (Part) Proxy.newProxyInstance(ConsoleHttp.class.getClassLoader(), new Class<?>[] {Part.class},
                (p, m, args) -> switch (m.getName()) {
                    case "getName" -> name;
                    case "getSubmittedFileName" -> fileName;
                    case "getSize" -> (long) bytes.length;
                    case "getInputStream" -> new ByteArrayInputStream(bytes);
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    static final class Response {
        int status = 200;
        String contentType;
        final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        final StringWriter body = new StringWriter();

        HttpServletResponse proxy() {
            PrintWriter writer = new PrintWriter(body, true);
            return (HttpServletResponse) Proxy.newProxyInstance(ConsoleHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, args) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) args[0];
                            case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                            case "setContentType" -> contentType = (String) args[0];
                            case "setCharacterEncoding" -> {
                            }
                            case "getWriter" -> {
                                return writer;
                            }
                            case "isCommitted" -> {
                                return false;
                            }
                            default -> throw new UnsupportedOperationException(m.getName());
                        }
                        return null;
                    });
        }

        String text() {
            return body.toString();
        }
    }
}
