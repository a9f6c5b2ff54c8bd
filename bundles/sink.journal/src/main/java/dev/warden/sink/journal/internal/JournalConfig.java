package dev.warden.sink.journal.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

// Double underscores map to one underscore in the property name (DS 112.8.2.1): segment_bytes ...
@ObjectClassDefinition(id = JournalConfig.PID, name = "Warden result journal",
        description = "Durable local store of check results under $WARDEN_HOME/data/journal")
public @interface JournalConfig {

    String PID = "dev.warden.journal";

    @AttributeDefinition(name = "Segment size (bytes)", min = "4096", max = "1073741824",
            description = "A segment file is closed and a new one started when the next record would pass this size")
    long segment__bytes() default 8L * 1024 * 1024;

    @AttributeDefinition(name = "Segments kept", min = "2",
            description = "Oldest segment files beyond this count are deleted (bounds the disk used)")
    int max__segments() default 16;

    @AttributeDefinition(name = "Results kept in memory per assignment", min = "1",
            description = "How many of the newest results per assignment (and overall) the results API can answer")
    int max__results__per__assignment() default 1000;
}
