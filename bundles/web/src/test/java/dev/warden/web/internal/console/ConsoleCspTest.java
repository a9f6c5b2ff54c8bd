package dev.warden.web.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleCspTest {

    @Test
    void hashesTheHeadersInlineScriptsWithVariablesExpanded() {
        ConsoleCsp csp = new ConsoleCsp("<head><script type=\"text/javascript\">\n\tappRoot = \"${appRoot}\";\n"
                + "\tpluginRoot = \"${appRoot}/${head.label}\";\n</script><script src=\"x.js\"></script>"
                + "<script type=\"text/javascript\">\r\nmenu();\r\n</script></head>");
        List<String> hashes = csp.inlineScriptHashes("/system/console", "warden");
        assertEquals(List.of(
                ConsoleCsp.sha256("\n\tappRoot = \"/system/console\";\n\tpluginRoot = \"/system/console/warden\";\n"),
                ConsoleCsp.sha256("\nmenu();\n")), hashes);
        String policy = csp.policy("/system/console", "warden");
        assertTrue(policy.contains("script-src 'self' 'sha256-" + hashes.get(0) + "' 'sha256-" + hashes.get(1) + "';"), policy);
        assertFalse(directive(policy, "script-src").contains("unsafe"), policy);
    }

    /** One directive of a policy, e.g. {@code script-src 'self'}. */
    static String directive(String policy, String name) {
        for (String d : policy.split(";")) {
            if (d.trim().startsWith(name + " ")) {
                return d.trim();
            }
        }
        return "";
    }

    @Test
    void theConsoleTemplateIsFoundAndHasTwoInlineScripts() {
        assertEquals(2, ConsoleCsp.fromConsole().inlineScriptHashes("/system/console", "warden").size());
    }

    @Test
    void withoutTheTemplateOnlyScriptsFromTheAgentRun() {
        String policy = new ConsoleCsp(null).policy("/system/console", "warden");
        assertTrue(policy.contains("script-src 'self';"), policy);
        assertTrue(policy.contains("frame-ancestors 'self'"), policy);
    }
}
