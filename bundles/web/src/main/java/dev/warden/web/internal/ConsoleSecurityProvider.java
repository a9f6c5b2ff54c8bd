package dev.warden.web.internal;

import dev.warden.common.WardenHome;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import org.apache.felix.webconsole.spi.SecurityProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Guards the Felix Web Console with the generated password in {@code conf/console-password}.
 * The distribution sets {@code felix.webconsole.security.providers=warden}, so the console does not
 * register at all until this provider is present, and it outranks the console's built-in one.
 */
@Component(service = SecurityProvider.class, configurationPid = WebConfig.PID,
        property = {SecurityProvider.PROPERTY_ID + "=" + ConsoleSecurityProvider.ID, "service.ranking:Integer=1000"})
// the WebConfig OCD is designated once, by ApiServlet; this component reads the same PID
public final class ConsoleSecurityProvider implements SecurityProvider {

    static final String ID = "warden";
    static final String PASSWORD_FILE = "console-password";

    private static final Logger LOG = LoggerFactory.getLogger(ConsoleSecurityProvider.class);

    /** User and password in force, swapped as one so a login never sees a mix of old and new. */
    private record Credentials(String user, SecretMatcher userMatcher, SecretMatcher password) {

        static Credentials of(String user, SecretMatcher password) {
            String name = user == null || user.isBlank() ? "admin" : user.trim();
            return new Credentials(name, new SecretMatcher(name), password);
        }
    }

    private final SecretMatcher filePassword;
    private volatile Credentials credentials;

    @Activate
    public ConsoleSecurityProvider(WebConfig config) {
        this(config, WardenHome.conf().resolve(PASSWORD_FILE));
    }

    /** Package-private for tests: the password file at {@code passwordFile}. */
    ConsoleSecurityProvider(WebConfig config, Path passwordFile) {
        // generated even when a password is configured, so clearing console_password later falls back to a secret
        String fromFile = loadPassword(passwordFile);
        this.filePassword = fromFile == null ? null : new SecretMatcher(fromFile);
        modified(config);
    }

    ConsoleSecurityProvider(String user, String password) {
        this.filePassword = password == null ? null : new SecretMatcher(password);
        this.credentials = Credentials.of(user, filePassword);
    }

    /** A changed user or password applies to the next request: the console asks for Basic auth on each one. */
    @Modified
    void modified(WebConfig config) {
        credentials = Credentials.of(config.console__user(),
                ConfiguredSecret.choose("Web console password", ".console_password", config._console__password(), filePassword));
    }

    private static String loadPassword(Path file) {
        try {
            SecretFile.Secret secret = SecretFile.readOrCreate(file);
            if (secret.created()) {
                System.out.println("Warden web console password generated: " + file);
                LOG.info("Generated the web console password into {}", file);
            } else {
                LOG.info("Web console password: {}", file);
            }
            return secret.value();
        } catch (IOException | RuntimeException e) {
            LOG.error("Cannot read or create the web console password {}; the console refuses everyone", file, e);
            return null;
        }
    }

    @Override
    public Object authenticate(HttpServletRequest request, HttpServletResponse response) {
        try {
            Credentials current = credentials;
            String[] presented = basicCredentials(request.getHeader("Authorization"));
            // both compared, always: the time taken must not tell which one was wrong
            boolean userOk = presented != null && current.userMatcher().matches(presented[0]);
            boolean passwordOk = presented != null && current.password() != null && current.password().matches(presented[1]);
            if (userOk && passwordOk) {
                return current.user();
            }
            challenge(request, response);
        } catch (RuntimeException e) {
            LOG.error("Web console authentication failed", e);
            challenge(request, response);
        }
        return null;
    }

    @Override
    public boolean authorize(Object user, String role) {
        return credentials.user().equals(user);
    }

    @Override
    public void logout(HttpServletRequest request, HttpServletResponse response) {
        challenge(request, response);
    }

    /** {@code Basic base64(user:password)} → {user, password}; null when absent or malformed. */
    static String[] basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void challenge(HttpServletRequest request, HttpServletResponse response) {
        try {
            if (response.isCommitted()) {
                return;
            }
            UnreadBody.discard(request, response);
            response.setHeader("WWW-Authenticate", "Basic realm=\"Warden console\", charset=\"UTF-8\"");
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            response.setContentType("text/plain;charset=utf-8");
            response.getWriter().write("authentication required\n");
            response.flushBuffer();
        } catch (IOException | RuntimeException e) {
            LOG.debug("Could not send the console authentication challenge", e);
        }
    }
}
