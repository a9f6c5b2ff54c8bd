package dev.warden.api.egress;

import java.util.List;

/** Records of one type for one name, as text (addresses, host names, TXT strings, "prio host" for MX). */
public record DnsAnswer(String name, String type, List<String> records, long ttlSeconds) {

    public DnsAnswer {
        records = records == null ? List.of() : List.copyOf(records);
    }
}
