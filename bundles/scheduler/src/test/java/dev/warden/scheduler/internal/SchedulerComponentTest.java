package dev.warden.scheduler.internal;

import static dev.warden.scheduler.internal.Fakes.assignment;
import static dev.warden.scheduler.internal.Fakes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.Assignment;
import dev.warden.api.dto.Status;
import dev.warden.scheduler.internal.Fakes.FakeRegistry;
import dev.warden.scheduler.internal.Fakes.FakeRunner;
import dev.warden.scheduler.internal.Fakes.FakeSource;
import dev.warden.scheduler.internal.Fakes.RecordingSink;
import java.lang.annotation.Annotation;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerComponentTest {

    private final SchedulerComponent component = new SchedulerComponent();
    private final FakeRunner runner = new FakeRunner();
    private final RecordingSink sink = new RecordingSink();

    private void activate() {
        component.runner = runner;
        component.registry = new FakeRegistry().with("demo", "1.0.0");
        component.sinks.add(sink);
        component.activate(new SchedulerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return SchedulerConfig.class;
            }

            @Override
            public int workers() {
                return 2;
            }

            @Override
            public int jitter__percent() {
                return 10;
            }

            @Override
            public int backoff__after__failures() {
                return 3;
            }

            @Override
            public long backoff__max__ms() {
                return 60_000;
            }

            @Override
            public String agent__id() {
                return "agent-x";
            }
        });
    }

    @AfterEach
    void deactivate() {
        component.deactivate();
    }

    @Test
    void sourceBoundBeforeActivationIsScheduledOnActivation() throws Exception {
        FakeSource source = new FakeSource();
        source.current.add(assignment("a", 30));
        component.bindSource(source);
        activate();
        await(() -> !sink.results.isEmpty(), 3000);
        assertEquals("agent-x", sink.results.get(0).agentId());
    }

    @Test
    void listenerCallbackRereadsTheSource() {
        FakeSource source = new FakeSource();
        activate();
        component.bindSource(source);
        assertTrue(component.assignments().isEmpty());
        Assignment off = Fakes.disabled(assignment("later", 60_000));
        source.current.add(off);
        component.assignmentsChanged(source);
        assertEquals(List.of(off), component.assignments());
        assertEquals(Status.OK, component.runNow("later").orElseThrow().status());
    }

    @Test
    void unboundSourceTakesItsAssignmentsAlong() {
        FakeSource source = new FakeSource();
        source.current.add(Fakes.disabled(assignment("a", 60_000)));
        activate();
        component.bindSource(source);
        assertEquals(1, component.assignments().size());
        component.unbindSource(source);
        assertTrue(component.assignments().isEmpty());
        component.assignmentsChanged(source);
        assertTrue(component.assignments().isEmpty(), "callbacks of an unbound source are ignored");
    }

    @Test
    void earlierSourceWinsAnIdClash() {
        FakeSource first = new FakeSource();
        FakeSource second = new FakeSource();
        Assignment mine = Fakes.disabled(assignment("same", 60_000));
        first.current.add(mine);
        second.current.add(Fakes.disabled(assignment("same", 5_000)));
        activate();
        component.bindSource(first);
        component.bindSource(second);
        assertEquals(List.of(mine), component.assignments());
    }
}
