package dev.warden.egress.internal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Jetty's resolver for one session: it answers only with the addresses the policy checked for
 * that host and port, so nothing connects to an address that was resolved a second time (DNS
 * rebinding) or never checked at all.
 */
final class PinnedResolver implements SocketAddressResolver {

    private final Map<String, List<InetSocketAddress>> pinned = new ConcurrentHashMap<>();

    void pin(HostName host, int port, List<InetAddress> addresses) {
        pinned.put(key(host.name(), port), addresses.stream().map(a -> named(host, a, port)).toList());
    }

    /**
     * Jetty takes the TLS peer host (SNI and certificate name check) from the socket address, so
     * the address must carry the name the plugin asked for, not just the number it resolved to.
     */
    private static InetSocketAddress named(HostName host, InetAddress address, int port) {
        if (host.isLiteral()) {
            return new InetSocketAddress(address, port);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(host.name(), address.getAddress()), port);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of wrong length", e);
        }
    }

    @Override
    public void resolve(String host, int port, Promise<List<InetSocketAddress>> promise) {
        List<InetSocketAddress> addresses = pinned.get(key(host, port));
        if (addresses == null) {
            promise.failed(new UnknownHostException(host + " was not checked by the egress policy"));
        } else {
            promise.succeeded(addresses);
        }
    }

    private static String key(String host, int port) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.indexOf(':') >= 0) {
            // compare IPv6 literals by address, whatever their spelling
            try {
                h = InetAddress.getByName(h).getHostAddress();
            } catch (UnknownHostException e) {
                return "!" + h;
            }
        }
        return h.toLowerCase(Locale.ROOT) + "|" + port;
    }
}
