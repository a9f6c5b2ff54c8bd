package dev.warden.web.internal.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.felix.webconsole.servlet.AbstractServlet;

/**
 * The Content-Security-Policy of the Warden pages. Scripts may only come from the agent itself:
 * the Warden page has no script of its own, and the console's page header carries two small
 * inline scripts (its menu set-up), which are allowed by their SHA-256 hashes, computed from the
 * console's own header template. Anything injected into the page therefore cannot run.
 */
final class ConsoleCsp {

    static final String HEADER = "Content-Security-Policy";
    private static final String TEMPLATE = "/templates/main_header.html";
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script type=\"text/javascript\">(.*?)</script>",
            Pattern.DOTALL);

    private final String template;
    private final Map<String, String> policies = new ConcurrentHashMap<>();

    /** @param template the console's header template, or null when it cannot be read */
    ConsoleCsp(String template) {
        this.template = template;
    }

    /** Reads the header template from the console bundle (whose classes load it, too). */
    static ConsoleCsp fromConsole() {
        URL url = AbstractServlet.class.getResource(TEMPLATE);
        if (url == null) {
            return new ConsoleCsp(null);
        }
        try (InputStream in = url.openStream()) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return new ConsoleCsp(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (IOException | RuntimeException e) {
            return new ConsoleCsp(null);
        }
    }

    String policy(String appRoot, String label) {
        return policies.computeIfAbsent(appRoot + "\n" + label, k -> build(appRoot, label));
    }

    private String build(String appRoot, String label) {
        StringBuilder scripts = new StringBuilder("'self'");
        for (String hash : inlineScriptHashes(appRoot, label)) {
            scripts.append(" 'sha256-").append(hash).append('\'');
        }
        return "default-src 'self'; script-src " + scripts
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data:; object-src 'none'; base-uri 'none';"
                + " form-action 'self'; frame-ancestors 'self'";
    }

    /** Hashes of the header's inline scripts as the browser will see them (variables expanded, CRLF as LF). */
    List<String> inlineScriptHashes(String appRoot, String label) {
        List<String> hashes = new ArrayList<>();
        if (template == null) {
            return hashes;
        }
        String expanded = template.replace("${appRoot}", appRoot).replace("${head.label}", label).replace("\r\n", "\n");
        Matcher m = INLINE_SCRIPT.matcher(expanded);
        while (m.find()) {
            hashes.add(sha256(m.group(1)));
        }
        return hashes;
    }

    static String sha256(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
