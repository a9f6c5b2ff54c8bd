package dev.warden.egress.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Warden egress",
        description = "How plugins reach the network: resolution, TLS trust, time and size caps")
@interface EgressConfig {

    @AttributeDefinition(name = "Static hosts",
            description = "name=ip[,ip] entries resolved before the system resolver (the addresses are still checked)")
    String[] static__hosts() default {};

    @AttributeDefinition(name = "DNS servers",
            description = "host:port of the servers dns_lookup asks; empty = the system resolver configuration")
    String[] dns__servers() default {};

    @AttributeDefinition(name = "DNS timeout (ms)", description = "Upper bound per dns_lookup query")
    long dns__timeout__ms() default 3000;

    @AttributeDefinition(name = "Max redirects", description = "Redirect hops followed per request, each re-checked")
    int max__redirects() default 5;

    @AttributeDefinition(name = "Max response header bytes")
    int max__response__header__bytes() default 65536;

    @AttributeDefinition(name = "Max request body bytes")
    int max__request__body__bytes() default 1048576;

    @AttributeDefinition(name = "Default timeout (ms)",
            description = "Used when a call asks for none; always capped by the time left in the run")
    long default__timeout__ms() default 10000;

    @AttributeDefinition(name = "Connect timeout (ms)")
    long connect__timeout__ms() default 5000;

    @AttributeDefinition(name = "Trust store path",
            description = "PKCS12/JKS trust store for HTTPS; empty = the JDK's trusted certificates")
    String trust__store__path() default "";

    @AttributeDefinition(name = "Trust store password", type = AttributeType.PASSWORD)
    String trust__store__password() default "";

    @AttributeDefinition(name = "Max client threads",
            description = "Threads shared by every run's HTTP client (selectors and callbacks)")
    int max__client__threads() default 64;
}
