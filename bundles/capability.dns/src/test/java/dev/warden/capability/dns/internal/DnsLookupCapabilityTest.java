package dev.warden.capability.dns.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.warden.api.egress.DnsAnswer;
import dev.warden.api.egress.EgressException;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import dev.warden.testing.FakeCallContext;
import dev.warden.testing.FakeEgress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DnsLookupCapabilityTest {

    private static final int NAME = 0;
    private static final int OUT = 1024;

    private final FakeEgress egress = new FakeEgress();
    private final DnsLookupCapability capability = new DnsLookupCapability(egress);
    private final FakeCallContext ctx = new FakeCallContext(8192);

    private int lookup(String name, int type, int outCap) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        ctx.write(NAME, bytes);
        return call(NAME, bytes.length, type, OUT, outCap);
    }

    private int call(long... args) {
        return (int) capability.functions().get(0).handler().call(ctx, args)[0];
    }

    private String written(int n) {
        return new String(ctx.memory, OUT, n, StandardCharsets.UTF_8);
    }

    @Test
    void declaresDnsLookupInEnvWithItsSignature() {
        assertEquals("dns_lookup", capability.name());
        HostFunction fn = capability.functions().get(0);
        assertEquals("env", fn.module());
        assertEquals("dns_lookup", fn.name());
        assertEquals(Collections.nCopies(5, ValType.I32), fn.params());
        assertEquals(List.of(ValType.I32), fn.results());
    }

    @ParameterizedTest
    @CsvSource({"1,A", "2,NS", "5,CNAME", "12,PTR", "15,MX", "16,TXT", "28,AAAA", "33,SRV"})
    void typeNumbersAreTheDnsRrTypes(int code, String type) {
        lookup("example.com", code, 1000);

        assertEquals(new FakeEgress.DnsQuery("example.com", type, 1000), egress.session.dnsQueries.get(0));
    }

    @Test
    void writesTheAnswerAsJsonAndReturnsItsLength() {
        egress.session.dns = q -> new DnsAnswer("example.com", "MX", List.of("10 mx1.example.com.",
                "20 mx2.example.com."), 300);

        int n = lookup(" example.com ", 15, 1000);

        String expected = "{\"name\":\"example.com\",\"type\":\"MX\",\"records\":[\"10 mx1.example.com.\","
                + "\"20 mx2.example.com.\"],\"ttl\":300}";
        assertEquals(expected.length(), n);
        assertEquals(expected, written(n));
        assertEquals("example.com", egress.session.dnsQueries.get(0).name(), "trimmed");
    }

    @Test
    void answerWithoutANameUsesTheNameAskedFor() {
        egress.session.dns = q -> new DnsAnswer(null, "A", List.of("203.0.113.9"), 60);

        int n = lookup("api.example.com", 1, 1000);

        assertEquals("{\"name\":\"api.example.com\",\"type\":\"A\",\"records\":[\"203.0.113.9\"],\"ttl\":60}",
                written(n));
    }

    @Test
    void answerLargerThanTheBufferIsTooLargeAndWritesNothing() {
        egress.session.dns = q -> new DnsAnswer("example.com", "TXT", List.of("v=spf1 -all"), 60);
        int fits = lookup("example.com", 16, 1000);
        Arrays.fill(ctx.memory, OUT, OUT + fits, (byte) 0);

        assertEquals(fits, lookup("example.com", 16, fits), "exact fit");
        Arrays.fill(ctx.memory, OUT, OUT + fits, (byte) 0);
        assertEquals(AbiCodes.TOO_LARGE, lookup("example.com", 16, fits - 1));
        assertArrayEquals(new byte[fits], Arrays.copyOfRange(ctx.memory, OUT, OUT + fits));
    }

    @Test
    void noRecordsIsNotFound() {
        egress.session.dns = q -> new DnsAnswer(q.name(), q.type(), List.of(), 0);

        assertEquals(AbiCodes.NOT_FOUND, lookup("empty.example.com", 28, 1000));
    }

    @ParameterizedTest
    @ValueSource(ints = {AbiCodes.NOT_FOUND, AbiCodes.DENIED, AbiCodes.TIMEOUT, AbiCodes.INTERNAL})
    void egressRefusalReturnsItsCode(int code) {
        egress.session.failure = new EgressException(code, code == AbiCodes.DENIED ? "allowed_domains" : null,
                "refused");

        assertEquals(code, lookup("nxdomain.example.com", 1, 1000));
    }

    @Test
    void egressCodeOutsideTheAbiBecomesInternal() {
        egress.session.failure = new EgressException(1, null, "buggy");

        assertEquals(AbiCodes.INTERNAL, lookup("example.com", 1, 1000));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3, 6, 255, -1, 65})
    void unknownTypeIsInvalid(int type) {
        assertEquals(AbiCodes.INVALID, lookup("example.com", type, 1000));
        assertEquals(List.of(), egress.session.dnsQueries);
    }

    @Test
    void badNameOrBufferIsInvalid() {
        ctx.write(NAME, "example.com".getBytes(StandardCharsets.US_ASCII));

        assertEquals(AbiCodes.INVALID, call(NAME, 0, 1, OUT, 100), "empty name");
        assertEquals(AbiCodes.INVALID, call(8190, 11, 1, OUT, 100), "name outside memory");
        assertEquals(AbiCodes.INVALID, call(NAME, DnsLookupCapability.MAX_NAME_BYTES + 1, 1, OUT, 100), "too long");
        assertEquals(AbiCodes.INVALID, call(NAME, 11, 1, OUT, -1), "negative cap");
        ctx.write(NAME, new byte[] {(byte) 0xc0, (byte) 0x80});
        assertEquals(AbiCodes.INVALID, call(NAME, 2, 1, OUT, 100), "malformed UTF-8");
        assertEquals(List.of(), egress.session.dnsQueries);

        egress.session.dns = q -> new DnsAnswer("example.com", "A", List.of("203.0.113.9"), 60);
        ctx.write(NAME, "example.com".getBytes(StandardCharsets.US_ASCII));
        assertEquals(AbiCodes.INVALID, call(NAME, 11, 1, 8190, 100), "answer buffer outside memory");
    }
}
