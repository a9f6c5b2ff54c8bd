package dev.warden.capability.config.internal;

import dev.warden.testing.FakeCallContext;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GetConfigCapabilityTest {

    private final GetConfigCapability capability = new GetConfigCapability();
    private final FakeCallContext ctx = new FakeCallContext(256);

    private int call(int ptr, int cap) {
        HostFunction fn = capability.functions().get(0);
        return (int) fn.handler().call(ctx, new long[] {ptr, cap})[0];
    }

    @Test
    void declaresGetConfigInEnvWithAbiSignature() {
        assertEquals("get_config", capability.name());
        HostFunction fn = capability.functions().get(0);
        assertEquals("env", fn.module());
        assertEquals("get_config", fn.name());
        assertEquals(List.of(ValType.I32, ValType.I32), fn.params());
        assertEquals(List.of(ValType.I32), fn.results());
    }

    @Test
    void writesParamsAndReturnsByteCount() {
        ctx.params = "{\"target\":\"caf\u00e9\"}";
        byte[] expected = ctx.params.getBytes(StandardCharsets.UTF_8);
        assertEquals(expected.length, call(16, 64));
        assertArrayEquals(expected, Arrays.copyOfRange(ctx.memory, 16, 16 + expected.length));
    }

    @Test
    void exactFitIsAccepted() {
        ctx.params = "{\"a\":1}";
        assertEquals(7, call(0, 7));
    }

    @Test
    void tooSmallBufferReturnsTooLargeAndWritesNothing() {
        ctx.params = "{\"a\":1}";
        assertEquals(AbiCodes.TOO_LARGE, call(0, 6));
        assertArrayEquals(new byte[256], ctx.memory);
    }

    @Test
    void negativeCapIsInvalid() {
        assertEquals(AbiCodes.INVALID, call(0, -1));
    }

    @Test
    void bufferOutsideMemoryIsInvalid() {
        ctx.params = "{\"padding\":\"0123456789\"}";
        assertEquals(AbiCodes.INVALID, call(250, 100));
        assertEquals(AbiCodes.INVALID, call(-8, 100));
    }
}
