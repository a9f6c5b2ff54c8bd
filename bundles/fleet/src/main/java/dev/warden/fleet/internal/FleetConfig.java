package dev.warden.fleet.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Warden fleet", description = "Connects this agent to a NATS JetStream fleet. Without this configuration the agent runs alone.")
public @interface FleetConfig {

    String PID = "dev.warden.fleet";

    @AttributeDefinition(description = "NATS server URLs, e.g. nats://broker:4222")
    String[] servers() default {"nats://127.0.0.1:4222"};

    @AttributeDefinition(description = "This agent's id; empty means the host name")
    String agent__id() default "";

    @AttributeDefinition(description = "Labels this agent takes assignments for")
    String[] labels() default {};

    String user() default "";

    // Secrets are private properties (".password", ".token", ...): DS never copies a property whose
    // name starts with a dot onto the service registration, where any bundle could read it.
    @AttributeDefinition(name = ".password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String _password() default "";

    @AttributeDefinition(name = ".token", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String _token() default "";

    @AttributeDefinition(description = "Path of a NATS .creds file (JWT + NKey seed)")
    String creds__file() default "";

    boolean tls() default false;

    @AttributeDefinition(description = "Trust store (PKCS12 or JKS) holding the broker's CA; empty uses the JVM's")
    String trust__store() default "";

    @AttributeDefinition(name = ".trust_store_password", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String _trust__store__password() default "";

    @AttributeDefinition(description = "Offer the operator surface (/api/v1/fleet, the console's Fleet page) on this agent; its broker user needs the operator rights of docs/fleet-nats.conf")
    boolean operator() default false;

    @AttributeDefinition(description = "Seconds between heartbeats into the warden-agents bucket")
    int heartbeat__seconds() default 15;
}
