package dev.warden.capability.log.internal;

import dev.warden.testing.FakeCallContext;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.LogLevel;
import dev.warden.api.spi.ValType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogCapabilityTest {

    private final LogCapability capability = new LogCapability();
    private final FakeCallContext ctx = new FakeCallContext(128 * 1024);

    private long[] call(long level, int ptr, int len) {
        return capability.functions().get(0).handler().call(ctx, new long[] {level, ptr, len});
    }

    private int put(int ptr, byte[] bytes) {
        System.arraycopy(bytes, 0, ctx.memory, ptr, bytes.length);
        return bytes.length;
    }

    @Test
    void declaresLogInEnvWithAbiSignature() {
        assertEquals("log", capability.name());
        HostFunction fn = capability.functions().get(0);
        assertEquals("env", fn.module());
        assertEquals("log", fn.name());
        assertEquals(List.of(ValType.I32, ValType.I32, ValType.I32), fn.params());
        assertEquals(List.of(), fn.results());
    }

    @Test
    void logsEachLevelWithItsMessage() {
        int len = put(10, "h\u00e9llo".getBytes(StandardCharsets.UTF_8));
        for (int level = 0; level <= 3; level++) {
            assertEquals(0, call(level, 10, len).length);
        }
        assertEquals(List.of(LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR),
                ctx.logs.stream().map(FakeCallContext.Logged::level).toList());
        assertTrue(ctx.logs.stream().allMatch(l -> l.message().equals("h\u00e9llo")));
    }

    @Test
    void levelsOutsideRangeAreClamped() {
        int len = put(0, "x".getBytes(StandardCharsets.UTF_8));
        call(-5, 0, len);
        call(99, 0, len);
        assertEquals(List.of(LogLevel.DEBUG, LogLevel.ERROR),
                ctx.logs.stream().map(FakeCallContext.Logged::level).toList());
    }

    @Test
    void malformedUtf8IsReplacedNotRejected() {
        int len = put(0, new byte[] {'a', (byte) 0xC3, 'b', (byte) 0xFF});
        call(1, 0, len);
        assertEquals("a\uFFFDb\uFFFD", ctx.logs.get(0).message());
    }

    @Test
    void badPointersAreIgnoredWithoutTrap() {
        call(1, ctx.memory.length - 2, 10);
        call(1, -4, 3);
        call(1, 0, -1);
        assertTrue(ctx.logs.isEmpty());
    }

    @Test
    void overlongMessageIsCutAtTheCap() {
        call(1, 0, LogCapability.MAX_MESSAGE_BYTES + 1000);
        assertEquals(LogCapability.MAX_MESSAGE_BYTES, ctx.logs.get(0).message().length());
    }
}
