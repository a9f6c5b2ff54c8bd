package dev.warden.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Warden web", description = "REST API and web console access")
@interface WebConfig {

    String PID = "dev.warden.web";

    @AttributeDefinition(name = "Max upload bytes", min = "1", description = "Largest plugin package accepted by POST /api/v1/plugins")
    long max__upload__bytes() default 16L * 1024 * 1024;

    @AttributeDefinition(name = "Console user", description = "User name for the Felix Web Console; the password is in conf/console-password")
    String console__user() default "admin";
}
