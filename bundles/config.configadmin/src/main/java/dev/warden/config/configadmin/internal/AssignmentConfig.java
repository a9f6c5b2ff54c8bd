package dev.warden.config.configadmin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** One assignment as a factory configuration (double underscores become the snake_case keys). */
@ObjectClassDefinition(name = "Warden assignment",
        description = "Runs one installed plugin on an interval with parameters. One configuration per assignment.")
@interface AssignmentConfig {

    @AttributeDefinition(name = "Id", required = false,
            description = "Assignment id ([A-Za-z0-9][A-Za-z0-9._-]{0,63}); empty means the configuration name")
    String id() default "";

    @AttributeDefinition(name = "Plugin id", description = "Id of an installed plugin")
    String plugin__id();

    @AttributeDefinition(name = "Plugin version", required = false,
            description = "A pinned version; empty follows the newest installed version")
    String plugin__version() default "";

    @AttributeDefinition(name = "Interval (ms)", min = "1000", description = "How often the check runs")
    long interval__ms() default 60_000;

    @AttributeDefinition(name = "Timeout (ms)", min = "0", description = "Wall-clock cap per run; 0 uses the manifest's")
    long timeout__ms() default 0;

    @AttributeDefinition(name = "Parameters", required = false,
            description = "JSON object handed to the plugin by get_config")
    String params() default "{}";

    @AttributeDefinition(name = "Grants", required = false,
            description = "JSON {\"capabilities\":[...],\"permissions\":{...}}; empty grants everything the manifest requests")
    String grants() default "";

    @AttributeDefinition(name = "Thresholds", required = false,
            description = "JSON {\"metric\":{\"warn\":\"200\",\"crit\":\"500\"}} in Nagios range syntax")
    String thresholds() default "";

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Name hint", required = false, description = "How the web console lists this configuration")
    String webconsole_configurationFactory_nameHint() default "{id} \u2192 {plugin_id}";
}
