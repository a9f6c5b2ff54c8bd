package dev.warden.egress.internal;

import dev.warden.api.dto.Permissions;
import dev.warden.api.egress.EgressException;
import dev.warden.api.spi.AbiCodes;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The grant of one run as checks: scheme, host syntax, {@code allowed_domains},
 * {@code allowed_ports}, and every resolved address against the special-purpose ranges and
 * {@code allowed_networks}. Pure: it neither resolves nor connects.
 */
final class EgressPolicy {

    /** A URL that passed every check that needs no resolution, in canonical form. */
    record CheckedUrl(URI uri, String scheme, HostName host, int port) {
        boolean sameOrigin(CheckedUrl other) {
            return scheme.equals(other.scheme) && host.name().equals(other.host.name()) && port == other.port;
        }
    }

    private final Set<String> exactDomains = new HashSet<>();
    private final List<String> suffixes = new ArrayList<>();
    private final boolean anyDomain;
    private final List<Cidr> networks = new ArrayList<>();
    private final Set<Integer> ports;
    private final boolean tlsInsecure;

    EgressPolicy(Permissions permissions) {
        Permissions p = permissions == null ? Permissions.NONE : permissions;
        boolean any = false;
        for (String entry : p.allowedDomains()) {
            String d = normaliseDomainEntry(entry);
            if (d == null) {
                continue;
            }
            if (d.equals("*")) {
                any = true;
            } else if (d.startsWith("*.")) {
                suffixes.add(d.substring(1));
            } else {
                exactDomains.add(d);
            }
        }
        anyDomain = any;
        for (String n : p.allowedNetworks()) {
            try {
                networks.add(Cidr.parse(n));
            } catch (IllegalArgumentException e) {
                // the registry validates grants; an entry that still fails to parse grants nothing
            }
        }
        ports = Set.copyOf(p.allowedPorts());
        tlsInsecure = Boolean.TRUE.equals(p.tlsInsecure());
    }

    private static String normaliseDomainEntry(String entry) {
        if (entry == null || entry.isBlank()) {
            return null;
        }
        String d = entry.trim();
        try {
            d = IDN.toASCII(d, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return null;
        }
        d = d.toLowerCase(Locale.ROOT);
        return d.endsWith(".") ? d.substring(0, d.length() - 1) : d;
    }

    boolean tlsInsecure() {
        return tlsInsecure;
    }

    static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    /** Scheme, user info, host syntax, port and (for names) allowed_domains of an HTTP URL. */
    CheckedUrl checkUrl(String url) throws EgressException {
        if (url == null || url.isEmpty()) {
            throw new EgressException(AbiCodes.INVALID, null, "empty url");
        }
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c < 0x20 || c == 0x7f || c == ' ') {
                throw denied("url", "control character or space in url");
            }
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw denied("url", "malformed url: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw denied("scheme", "only http and https are allowed");
        }
        if (uri.isOpaque() || uri.getRawAuthority() == null) {
            throw denied(HostName.RULE, "url has no host");
        }
        String authority = uri.getRawAuthority();
        if (authority.indexOf('@') >= 0) {
            throw denied("userinfo", "user info is not allowed in a url");
        }
        String hostText;
        int port;
        int close = authority.lastIndexOf(']');
        int colon = authority.lastIndexOf(':');
        if (colon > close) {
            hostText = authority.substring(0, colon);
            String portText = authority.substring(colon + 1);
            if (portText.isEmpty()) {
                port = defaultPort(scheme);
            } else if (portText.matches("[0-9]{1,5}")) {
                port = Integer.parseInt(portText);
            } else {
                throw denied("url", "malformed port");
            }
        } else {
            hostText = authority;
            port = defaultPort(scheme);
        }
        if (port < 1 || port > 65535) {
            throw denied("url", "port out of range");
        }
        HostName host = HostName.parse(hostText, false);
        checkPort(port, defaultPort(scheme));
        checkName(host);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String canonical = scheme + "://" + host.uriHost() + (port == defaultPort(scheme) ? "" : ":" + port) + path
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        URI checked;
        try {
            checked = new URI(canonical);
        } catch (URISyntaxException e) {
            throw denied("url", "malformed url: " + e.getReason());
        }
        if (checked.getHost() == null || checked.getRawUserInfo() != null) {
            throw denied(HostName.RULE, "url has no usable host");
        }
        return new CheckedUrl(checked, scheme, host, port);
    }

    /**
     * @param schemeDefault the scheme's default port, allowed when {@code allowed_ports} is empty;
     *        -1 for raw TCP/UDP, where an empty list allows nothing
     */
    void checkPort(int port, int schemeDefault) throws EgressException {
        if (port < 1 || port > 65535) {
            throw denied("allowed_ports", "port out of range: " + port);
        }
        boolean ok = ports.isEmpty() ? port == schemeDefault : ports.contains(port);
        if (!ok) {
            throw denied("allowed_ports", "port " + port + " is not granted");
        }
    }

    /** A DNS name must match allowed_domains; IP literals are judged by their address alone. */
    void checkName(HostName host) throws EgressException {
        if (host.isLiteral()) {
            return;
        }
        if (!domainAllowed(host.name())) {
            throw denied("allowed_domains", "host " + host.name() + " is not granted");
        }
    }

    /** For DNS queries, where only names make sense. */
    void checkQueryName(HostName host) throws EgressException {
        if (host.isLiteral()) {
            throw denied("allowed_domains", "dns lookups take names, not addresses");
        }
        checkName(host);
    }

    boolean domainAllowed(String name) {
        if (anyDomain || exactDomains.contains(name)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (name.endsWith(suffix) && name.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    /** Every address must pass, or the call is denied: a name is only as safe as its worst address. */
    void checkAddresses(HostName host, List<InetAddress> addresses) throws EgressException {
        if (addresses.isEmpty()) {
            throw new EgressException(AbiCodes.NOT_FOUND, null, "no address for " + host.name());
        }
        for (InetAddress a : addresses) {
            checkAddress(host, a);
        }
    }

    private void checkAddress(HostName host, InetAddress address) throws EgressException {
        AddressClass.Classified c = AddressClass.classify(address);
        if (c.type() == AddressClass.PUBLIC) {
            if (!host.isLiteral() || coveredBy(address, 0)) {
                return;
            }
            throw denied("allowed_networks", address.getHostAddress() + " is not granted");
        }
        if (coveredBy(address, c.requiredPrefix())) {
            return;
        }
        throw denied(c.type().rule(), address.getHostAddress() + " is " + c.type().rule().substring(8)
                + " and not granted by allowed_networks");
    }

    private boolean coveredBy(InetAddress address, int minimumPrefix) {
        for (Cidr n : networks) {
            if (n.prefix() >= minimumPrefix && n.contains(address)) {
                return true;
            }
        }
        return false;
    }

    static EgressException denied(String rule, String message) {
        return new EgressException(AbiCodes.DENIED, rule, message);
    }
}
