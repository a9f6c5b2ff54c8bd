package dev.warden.egress.internal;

import dev.warden.api.egress.DnsAnswer;
import dev.warden.api.egress.EgressException;
import dev.warden.api.spi.AbiCodes;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * One DNS question to the operator's resolvers ({@code dns_servers}, else the system's), answered
 * as text. No cache, no search path, no hosts file: the plugin sees what the server said, except
 * that A/AAAA of a {@code static_hosts} name answer from there, as connections would.
 */
final class DnsLookup {

    static final List<String> TYPES = List.of("A", "AAAA", "CNAME", "MX", "TXT", "NS", "SRV", "PTR");

    private final List<InetSocketAddress> servers;
    private final long maxTimeoutMs;
    private final StaticHosts staticHosts;

    DnsLookup(List<String> servers, long maxTimeoutMs, StaticHosts staticHosts) {
        this.servers = servers.stream().map(DnsLookup::server).toList();
        this.maxTimeoutMs = maxTimeoutMs;
        this.staticHosts = staticHosts;
    }

    private static InetSocketAddress server(String text) {
        String s = text.trim();
        int port = 53;
        String host = s;
        int close = s.lastIndexOf(']');
        int colon = s.lastIndexOf(':');
        if (s.startsWith("[") && close > 0) {
            host = s.substring(1, close);
            if (colon > close) {
                port = Integer.parseInt(s.substring(colon + 1));
            }
        } else if (colon > 0 && s.indexOf(':') == colon) {
            host = s.substring(0, colon);
            port = Integer.parseInt(s.substring(colon + 1));
        }
        try {
            HostName h = HostName.parse(host, false);
            if (!h.isLiteral()) {
                throw new IllegalArgumentException("dns_servers entries must be IP addresses: " + text);
            }
            return new InetSocketAddress(h.literal(), port);
        } catch (EgressException e) {
            throw new IllegalArgumentException("dns_servers entry is malformed: " + text, e);
        }
    }

    static String type(String type) throws EgressException {
        String t = type == null ? "" : type.trim().toUpperCase(Locale.ROOT);
        if (!TYPES.contains(t)) {
            throw new EgressException(AbiCodes.INVALID, null, "unsupported record type " + type);
        }
        return t;
    }

    DnsAnswer lookup(HostName name, String type, long timeoutMs) throws EgressException {
        List<InetAddress> pinned = staticHosts.pinned(name.name());
        if (pinned != null && (type.equals("A") || type.equals("AAAA"))) {
            Class<?> family = type.equals("A") ? Inet4Address.class : Inet6Address.class;
            List<String> records = pinned.stream().filter(family::isInstance).map(InetAddress::getHostAddress).toList();
            return new DnsAnswer(name.name(), type, records, 0);
        }
        long timeout = Math.min(timeoutMs, maxTimeoutMs);
        Message response;
        try {
            Record question = Record.newRecord(Name.fromString(name.name() + "."), Type.value(type), DClass.IN);
            response = resolver(timeout).send(Message.newQuery(question));
        } catch (TextParseException e) {
            throw new EgressException(AbiCodes.INVALID, null, "not a valid DNS name");
        } catch (InterruptedIOException e) {
            throw new EgressException(AbiCodes.TIMEOUT, null, "dns query timed out");
        } catch (IOException e) {
            if (e.getCause() instanceof TimeoutException || String.valueOf(e.getMessage()).contains("imed out")) {
                throw new EgressException(AbiCodes.TIMEOUT, null, "dns query timed out");
            }
            throw new EgressException(AbiCodes.INTERNAL, null, "dns query failed");
        }
        int rcode = response.getRcode();
        if (rcode == Rcode.NXDOMAIN) {
            throw new EgressException(AbiCodes.NOT_FOUND, null, "no such name " + name.name());
        }
        if (rcode != Rcode.NOERROR) {
            throw new EgressException(AbiCodes.INTERNAL, null, "dns server answered " + Rcode.string(rcode));
        }
        int wanted = Type.value(type);
        List<String> records = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        for (Record r : response.getSection(Section.ANSWER)) {
            if (r.getType() != wanted) {
                continue;
            }
            records.add(text(r));
            ttl = Math.min(ttl, r.getTTL());
        }
        return new DnsAnswer(name.name(), type, records, records.isEmpty() ? 0 : ttl);
    }

    private Resolver resolver(long timeoutMs) throws EgressException {
        List<InetSocketAddress> targets = servers.isEmpty() ? ResolverConfig.getCurrentConfig().servers() : servers;
        if (targets.isEmpty()) {
            throw new EgressException(AbiCodes.INTERNAL, null, "no DNS server configured");
        }
        Duration timeout = Duration.ofMillis(timeoutMs);
        if (targets.size() == 1) {
            SimpleResolver r = new SimpleResolver(targets.get(0));
            r.setTimeout(timeout);
            return r;
        }
        ExtendedResolver r = new ExtendedResolver(targets.stream().map(SimpleResolver::new).toArray(Resolver[]::new));
        r.setRetries(1);
        r.setTimeout(timeout);
        return r;
    }

    private static String text(Record r) {
        if (r instanceof ARecord a) {
            return a.getAddress().getHostAddress();
        }
        if (r instanceof AAAARecord a) {
            return a.getAddress().getHostAddress();
        }
        if (r instanceof CNAMERecord c) {
            return c.getTarget().toString(true);
        }
        if (r instanceof NSRecord n) {
            return n.getTarget().toString(true);
        }
        if (r instanceof PTRRecord p) {
            return p.getTarget().toString(true);
        }
        if (r instanceof MXRecord m) {
            return m.getPriority() + " " + m.getTarget().toString(true);
        }
        if (r instanceof SRVRecord s) {
            return s.getPriority() + " " + s.getWeight() + " " + s.getPort() + " " + s.getTarget().toString(true);
        }
        if (r instanceof TXTRecord t) {
            return String.join("", t.getStrings());
        }
        return r.rdataToString();
    }
}
