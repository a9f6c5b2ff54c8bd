package dev.warden.itests;

import static dev.warden.itests.PluginZip.plugin;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import javax.inject.Inject;

import dev.warden.api.AssignmentRunner;
import dev.warden.api.AssignmentStore;
import dev.warden.api.PluginRegistry;
import dev.warden.api.ResultStore;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/** The warden:* Gogo commands, called through the Gogo runtime's CommandProcessor as a shell would. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT extends TestSupport {

    private static final String ASSIGNMENT = "shell-hello";

    @Inject
    private CommandProcessor processor;

    @Inject
    private PluginRegistry registry;

    @Inject
    private AssignmentStore store;

    @Inject
    private AssignmentRunner runner;

    @Inject
    private ResultStore results;

    private String execute(String command) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, out)) {
            Object answer = session.execute(command);
            return answer == null ? out.toString(StandardCharsets.UTF_8) : answer.toString();
        }
    }

    @Test
    public void commandsListRunAndShowResults() throws Exception {
        ensureInstalled(registry, plugin("hello").wasm("hello-v1"));
        // one hour: only warden:run produces results in this test
        assign(store, runner, assignment(ASSIGNMENT, "hello", 3_600_000, "{\"target\":\"shell\"}"));

        List<String> plugins = execute("warden:plugins").lines().toList();
        assertTrue(plugins.toString(), plugins.get(0).matches("ID\\s+VERSION\\s+SIGNER\\s+CAPABILITIES\\s+SHA256"));
        assertTrue(plugins.toString(), plugins.stream().anyMatch(l -> l.matches("hello\\s+1\\.0\\.0\\s+unsigned\\s+\\S*submit_result\\S*\\s+[0-9a-f]{12}")));

        List<String> assignments = execute("warden:assignments").lines().toList();
        assertTrue(assignments.toString(), assignments.get(0).startsWith("ID "));
        assertTrue(assignments.toString(), assignments.stream().anyMatch(l -> l.matches(ASSIGNMENT + "\\s+hello\\s+latest\\s+1h\\s+yes\\s+.*")));

        String first = execute("warden:run " + ASSIGNMENT);
        assertTrue(first, first.startsWith("OK  hello v1\n"));
        assertTrue(first, first.contains("  assignment    " + ASSIGNMENT + "\n"));
        assertTrue(first, first.contains("  plugin        hello 1.0.0\n"));
        execute("warden:run " + ASSIGNMENT);
        execute("warden:run " + ASSIGNMENT);
        assertEquals("three runs reached the journal", 3, results.latest(ASSIGNMENT, 10).size());

        List<String> latest = execute("warden:results " + ASSIGNMENT + " 2").lines().toList();
        assertEquals(latest.toString(), 3, latest.size());
        assertTrue(latest.toString(), latest.get(0).matches("OBSERVED\\s+STATUS\\s+WALL MS\\s+VERSION\\s+SUMMARY"));
        for (String line : latest.subList(1, 3)) {
            assertTrue(latest.toString(), line.matches("\\S+Z\\s+OK\\s+\\d+\\s+1\\.0\\.0\\s+hello v1"));
        }
        assertTrue("newest first: " + latest, latest.get(1).compareTo(latest.get(2)) >= 0);

        await("the assignments table shows the last run", Duration.ofSeconds(5),
                () -> call("warden:assignments").lines().anyMatch(l -> l.matches(ASSIGNMENT + "\\s+.*\\s+OK\\s+\\S+\\s+3")));
    }

    @Test
    public void anUnknownAssignmentIsAnErrorNamingIt() throws Exception {
        try {
            execute("warden:run no-such-assignment");
            fail("warden:run of an unknown assignment must fail");
        } catch (IllegalArgumentException e) {
            assertEquals("no such assignment: no-such-assignment", e.getMessage());
        }
        assertEquals("no results for no-such-assignment\n", execute("warden:results no-such-assignment"));
        assertEquals("not part of a fleet (no dev.warden.fleet configuration)\n", execute("warden:fleet"));
    }

    @Test
    public void theCommandsAreRegisteredUnderTheWardenScope() throws Exception {
        var refs = context.getServiceReferences(Object.class.getName(), "(osgi.command.scope=warden)");
        assertEquals(1, refs == null ? 0 : refs.length);
        Object functions = refs[0].getProperty("osgi.command.function");
        assertEquals(List.of("plugins", "assignments", "run", "results", "fleet"), List.of((String[]) functions));
    }

    private String call(String command) {
        try {
            return execute(command);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
