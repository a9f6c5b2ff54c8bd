package dev.warden.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "Warden web", description = "REST API and web console access")
@interface WebConfig {

    String PID = "dev.warden.web";

    @AttributeDefinition(name = "Max upload bytes", min = "1", description = "Largest plugin package accepted by POST /api/v1/plugins")
    long max__upload__bytes() default 16L * 1024 * 1024;

    @AttributeDefinition(name = "Console user", description = "User name for the Felix Web Console (password: .console_password, else conf/console-password)")
    String console__user() default "admin";

    // The secrets' keys start with a dot (.api_token, .console_password: a leading "_" in the method
    // name): DS keeps such configuration properties private, so they never become service properties
    // that any bundle or the console's Services page could read.
    // Secrets set here live in the configuration store (felix-cache), and in load/dev.warden.web.cfg
    // when set through a FileInstall file; set them in the Web Console so they never sit in load/.
    @AttributeDefinition(name = "API token", type = AttributeType.PASSWORD, required = false,
            description = "Bearer token for the REST API (at least " + ConfiguredSecret.MIN_LENGTH
                    + " characters). Empty: the generated token in conf/api-token. Applies at once.")
    String _api__token() default "";

    @AttributeDefinition(name = "Console password", type = AttributeType.PASSWORD, required = false,
            description = "Password of the console user (at least " + ConfiguredSecret.MIN_LENGTH
                    + " characters). Empty: the generated password in conf/console-password. Applies at the next login.")
    String _console__password() default "";
}
