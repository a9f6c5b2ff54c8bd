package dev.warden.registry.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SemVerTest {

    @Test
    void ordersBySemverPrecedence() {
        List<String> expected = List.of("1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.2.0", "1.10.0", "2.0.0");
        List<String> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        shuffled.sort(SemVer::compareText);
        assertEquals(expected, shuffled);
    }

    @Test
    void acceptsValidAndRejectsInvalidVersions() {
        for (String ok : List.of("0.0.0", "1.2.3", "1.2.3-rc.1+build.5", "10.20.30-x-y", "1.0.0+20130313144700")) {
            assertNotNull(SemVer.parse(ok), ok);
        }
        for (String bad : List.of("", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.3-", "1.2.3-01", "1.2.3+", "v1.2.3",
                "1.2.3-a..b", "1.2.3 ")) {
            assertNull(SemVer.parse(bad), bad);
        }
    }

    @Test
    void buildMetadataDoesNotChangePrecedence() {
        assertEquals(0, SemVer.parse("1.0.0+a").compareTo(SemVer.parse("1.0.0+b")));
    }
}
