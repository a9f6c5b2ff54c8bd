package dev.warden.web.internal.console;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cross-site request forgery protection for the console's forms. The token is an HMAC of the
 * console user under a key drawn at activation: it needs no session, cannot be computed by another
 * site, and changes with every restart. Every POST must carry it (compared in constant time) and,
 * when the browser says where the request came from ({@code Origin}, else {@code Referer}), come
 * from this host.
 */
final class CsrfGuard {

    /** Name of the hidden form field that carries the token. */
    static final String FIELD = "csrf_token";

    private final byte[] key;

    CsrfGuard(byte[] key) {
        this.key = key.clone();
    }

    static CsrfGuard random() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new CsrfGuard(key);
    }

    String token(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] tag = mac.doFinal(("warden-console-csrf\n" + user).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }

    boolean validToken(String user, String presented) {
        if (presented == null || presented.isEmpty()) {
            return false;
        }
        return MessageDigest.isEqual(token(user).getBytes(StandardCharsets.UTF_8),
                presented.trim().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * True when neither header is present (non-browser clients, privacy settings) or the one present
     * names this host. {@code Origin: null} (sandboxed frames, cross-origin redirects) is refused.
     */
    static boolean sameOrigin(HttpServletRequest req) {
        String host = req.getHeader("Host");
        String origin = req.getHeader("Origin");
        if (origin != null) {
            return authorityMatches(origin, host);
        }
        String referer = req.getHeader("Referer");
        return referer == null || authorityMatches(referer, host);
    }

    private static boolean authorityMatches(String url, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || uri.getRawAuthority() == null) {
                return false;
            }
            return uri.getRawAuthority().equalsIgnoreCase(host.trim())
                    || withoutDefaultPort(uri.getRawAuthority(), scheme).equalsIgnoreCase(withoutDefaultPort(host.trim(), scheme));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static String withoutDefaultPort(String authority, String scheme) {
        String port = scheme.equals("https") ? ":443" : ":80";
        return authority.endsWith(port) ? authority.substring(0, authority.length() - port.length()) : authority;
    }
}
