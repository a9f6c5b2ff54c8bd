package dev.warden.capability.dns.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.warden.api.egress.DnsAnswer;
import dev.warden.api.egress.Egress;
import dev.warden.api.egress.EgressException;
import dev.warden.api.spi.AbiCodes;
import dev.warden.api.spi.CallContext;
import dev.warden.api.spi.GuestMemoryException;
import dev.warden.api.spi.HostCapability;
import dev.warden.api.spi.HostFunction;
import dev.warden.api.spi.ValType;
import dev.warden.common.Json;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code dns_lookup(name_ptr, name_len, type, out_ptr, out_cap) -> i32}, a Warden extension:
 * resolves a name the grant's {@code allowed_domains} allows and writes
 * {@code {"name":"example.com","type":"MX","records":["10 mx.example.com."],"ttl":300}}.
 * {@code type} is the DNS RR type number: 1 A, 2 NS, 5 CNAME, 12 PTR, 15 MX, 16 TXT, 28 AAAA,
 * 33 SRV. Returns the byte count written, or {@code -1} bad name, type or buffer, {@code -2}
 * denied, {@code -3} answer larger than {@code out_cap} (nothing written), {@code -4} no such name
 * or no records of that type, {@code -6} timeout, {@code -5} failure. The lookup may take the
 * time left in the run.
 */
@Component(service = HostCapability.class)
public final class DnsLookupCapability implements HostCapability {

    public static final String NAME = "dns_lookup";

    /** Longer than any DNS name (253 characters); bounds the copy. */
    static final int MAX_NAME_BYTES = 1024;

    private final Egress egress;
    private final List<HostFunction> functions;

    @Activate
    public DnsLookupCapability(@Reference(name = "egress") Egress egress) {
        this.egress = egress;
        this.functions = List.of(HostFunction.env(NAME, Collections.nCopies(5, ValType.I32), List.of(ValType.I32),
                (ctx, a) -> new long[] {lookup(ctx, (int) a[0], (int) a[1], (int) a[2], (int) a[3], (int) a[4])}));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<HostFunction> functions() {
        return functions;
    }

    int lookup(CallContext ctx, int namePtr, int nameLen, int typeCode, int outPtr, int outCap) {
        Optional<RecordType> type = RecordType.of(typeCode);
        String name = name(ctx, namePtr, nameLen);
        if (type.isEmpty() || name == null || outCap < 0) {
            return AbiCodes.INVALID;
        }
        DnsAnswer answer;
        try {
            answer = egress.session(ctx).dns(name, type.get().name(), ctx.remainingMillis());
        } catch (EgressException e) {
            return EgressCodes.of(e);
        }
        if (answer.records().isEmpty()) {
            return AbiCodes.NOT_FOUND;
        }
        byte[] json = json(answer, name, type.get());
        if (json.length > outCap) {
            return AbiCodes.TOO_LARGE;
        }
        try {
            ctx.write(outPtr, json);
        } catch (GuestMemoryException e) {
            return AbiCodes.INVALID;
        }
        return json.length;
    }

    private static String name(CallContext ctx, int ptr, int len) {
        if (len <= 0 || len > MAX_NAME_BYTES) {
            return null;
        }
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(ctx.read(ptr, len)))
                    .toString().strip();
            return text.isEmpty() ? null : text;
        } catch (GuestMemoryException | CharacterCodingException e) {
            return null;
        }
    }

    private static byte[] json(DnsAnswer answer, String asked, RecordType type) {
        ObjectNode root = Json.mapper().createObjectNode();
        root.put("name", answer.name() == null ? asked : answer.name());
        root.put("type", type.name());
        ArrayNode records = root.putArray("records");
        answer.records().forEach(records::add);
        root.put("ttl", answer.ttlSeconds());
        try {
            return Json.mapper().writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e); // a tree of strings and numbers always serialises
        }
    }
}
