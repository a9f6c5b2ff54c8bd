package dev.warden.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.dto.CheckResult;
import dev.warden.api.dto.LogLine;
import dev.warden.api.dto.Status;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.RunInfo;
import dev.warden.api.spi.ValType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EgressDeniedTest {

    private Engine engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    private static RunContext context() {
        return new RunContext(new RunInfo("run-7", "http-check", "1.2.0", "assignment-9", "agent-1"), null, null,
                "{}", new RunLog(10_000, 100));
    }

    @Test
    void eachDenialIsCountedAndAddedToTheRunLog() {
        RunContext ctx = context();

        ctx.egressDenied("allowed_ports", "http://203.0.113.5:8080/");
        ctx.egressDenied("address:loopback", "127.0.0.1");

        assertEquals(2, ctx.egressDenied());
        assertEquals(List.of(new LogLine("warn", "egress denied by allowed_ports: http://203.0.113.5:8080/"),
                new LogLine("warn", "egress denied by address:loopback: 127.0.0.1")), ctx.runLog().lines());
    }

    @Test
    void operatorLogNamesPluginVersionAssignmentRuleAndTarget() {
        PrintStream original = System.err;
        var captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            context().egressDenied("allowed_domains", "http://internal.example/");
        } finally {
            System.setErr(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);

        assertTrue(out.contains("WARN"), out);
        assertTrue(out.contains("egress denied by allowed_domains: http://internal.example/"), out);
        assertTrue(out.contains("plugin http-check 1.2.0"), out);
        assertTrue(out.contains("assignment assignment-9"), out);
    }

    @Test
    void controlCharactersInTheTargetCannotForgeLogLines() {
        RunContext ctx = context();

        ctx.egressDenied("header", "http://a.example/\r\nWARN forged line");

        assertEquals("egress denied by header: http://a.example/??WARN forged line",
                ctx.runLog().lines().get(0).message());
        assertEquals("-", RunContext.printable(null));
        assertEquals(259, RunContext.printable("x".repeat(1000)).length(), "capped at 256 chars plus an ellipsis");
    }

    @Test
    void runStatsCarryTheDenialsOfTheRun() {
        // A "log" capability that also reports a denial on every call, as an egress-backed capability would.
        var denyingLog = new Fixtures.Capability("log", HostFunction.env("log",
                List.of(ValType.I32, ValType.I32, ValType.I32), List.of(), (ctx, args) -> {
                    ctx.egressDenied("allowed_ports", "tcp://203.0.113.5:25");
                    return new long[0];
                }));
        var capabilities = new CapabilityIndex();
        capabilities.add(Fixtures.getConfig());
        capabilities.add(denyingLog);
        capabilities.add(Fixtures.submitResult());
        engine = new Engine(EngineSettings.defaults(), capabilities);
        var plugin = new Fixtures.TestPlugin("checker",
                Fixtures.manifest(List.of("get_config", "log", "submit_result")));

        CheckResult r = engine.run(Fixtures.request(plugin));

        assertEquals(Status.OK, r.status(), r.summary());
        assertEquals(3, r.stats().egressDenied(), "the checker logs three times");
        assertEquals(3, r.logs().stream()
                .filter(l -> l.equals(new LogLine(LogLevel.WARN.label(), "egress denied by allowed_ports: tcp://203.0.113.5:25")))
                .count());
    }
}
