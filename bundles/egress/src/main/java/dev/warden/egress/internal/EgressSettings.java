package dev.warden.egress.internal;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;

/** The agent-wide egress configuration, checked and typed. */
record EgressSettings(Map<String, List<InetAddress>> staticHosts, List<String> dnsServers, long dnsTimeoutMs,
        int maxRedirects, int maxResponseHeaderBytes, int maxRequestBodyBytes, long defaultTimeoutMs,
        long connectTimeoutMs, String trustStorePath, String trustStorePassword, int maxClientThreads) {

    EgressSettings {
        staticHosts = Map.copyOf(staticHosts);
        dnsServers = List.copyOf(dnsServers);
        if (maxRedirects < 0 || maxResponseHeaderBytes < 1024 || maxRequestBodyBytes < 0 || defaultTimeoutMs < 1
                || connectTimeoutMs < 1 || dnsTimeoutMs < 1 || maxClientThreads < 8) {
            throw new IllegalArgumentException("egress configuration out of range");
        }
        trustStorePath = trustStorePath == null ? "" : trustStorePath.trim();
        trustStorePassword = trustStorePassword == null ? "" : trustStorePassword;
    }

    static EgressSettings from(EgressConfig c) {
        return new EgressSettings(StaticHosts.parse(c.static__hosts()), List.of(c.dns__servers()),
                c.dns__timeout__ms(), c.max__redirects(), c.max__response__header__bytes(),
                c.max__request__body__bytes(), c.default__timeout__ms(), c.connect__timeout__ms(),
                c.trust__store__path(), c.trust__store__password(), c.max__client__threads());
    }

    static EgressSettings defaults() {
        return new EgressSettings(Map.of(), List.of(), 3000, 5, 65536, 1 << 20, 10_000, 5000, "", "", 64);
    }

    EgressSettings withStaticHosts(String... entries) {
        return new EgressSettings(StaticHosts.parse(entries), dnsServers, dnsTimeoutMs, maxRedirects,
                maxResponseHeaderBytes, maxRequestBodyBytes, defaultTimeoutMs, connectTimeoutMs, trustStorePath,
                trustStorePassword, maxClientThreads);
    }

    EgressSettings withDnsServers(String... servers) {
        return new EgressSettings(staticHosts, List.of(servers), dnsTimeoutMs, maxRedirects, maxResponseHeaderBytes,
                maxRequestBodyBytes, defaultTimeoutMs, connectTimeoutMs, trustStorePath, trustStorePassword,
                maxClientThreads);
    }

    EgressSettings withTrustStore(String path, String password) {
        return new EgressSettings(staticHosts, dnsServers, dnsTimeoutMs, maxRedirects, maxResponseHeaderBytes,
                maxRequestBodyBytes, defaultTimeoutMs, connectTimeoutMs, path, password, maxClientThreads);
    }
}
