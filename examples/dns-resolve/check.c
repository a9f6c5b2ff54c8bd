/*
 * dns-resolve: looks a name up (dns_lookup, through the agent's resolver) and compares the answer
 * with the records the operator expects.
 *
 * Params (config.schema.json):
 *   {"name":"example.com","type":"A","expect":["93.184.215.14"],"match":"any",
 *    "warn_ms":200,"crit_ms":1000}
 *
 * match: "any" (default) at least one expected record is in the answer, "all" every expected
 * record is, "exact" the answer is exactly the expected set. Names compare without case and
 * without a trailing dot; IPv6 addresses compare by value (::1 equals 0:0:0:0:0:0:0:1).
 * Status:
 *   UNKNOWN   bad params, or the grant does not allow the name (DENIED)
 *   CRITICAL  no such name / no records of the type, lookup failure or timeout, the answer does not
 *             match, lookup time over crit_ms
 *   WARNING   lookup time over warn_ms
 *   OK        otherwise
 * Metrics answer_count, lookup_ms (warn/crit), ttl. Labels name, type.
 */
#include "warden.h"

WARDEN_DECLARE_ABI_V1

static char answer[65536];
static char params_expect[64][256];

/* Parses an IPv6 address into 16 bytes; 1 on success. */
static int ipv6(const char *s, unsigned char out[16]) {
    unsigned short groups[8];
    int n = 0;
    int gap = -1;
    if (s[0] == ':' && s[1] == ':') {
        gap = 0;
        s += 2;
    }
    while (*s && n < 8) {
        int v = 0;
        int digits = 0;
        for (; digits < 4; digits++, s++) {
            char c = *s;
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) {
                break;
            }
            v = v * 16 + d;
        }
        if (digits == 0) {
            return 0;
        }
        groups[n++] = (unsigned short) v;
        if (*s == ':' && s[1] == ':' && gap < 0) {
            gap = n;
            s += 2;
        } else if (*s == ':' && s[1] != 0) {
            s++;
        } else if (*s != 0) {
            return 0;
        }
    }
    if (*s != 0 || (gap < 0 && n != 8) || (gap >= 0 && n > 7)) {
        return 0;
    }
    int k = 0;
    for (int i = 0; i < 8; i++) {
        int g = 0;
        if (gap < 0 || i < gap) {
            g = groups[k++];
        } else if (i >= gap + (8 - n)) {
            g = groups[k++];
        }
        out[2 * i] = (unsigned char) (g >> 8);
        out[2 * i + 1] = (unsigned char) g;
    }
    return 1;
}

static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
}

/* Whether two records are the same: by value for IPv6, else without case and trailing dots. */
static int same_record(const char *a, const char *b, int type) {
    if (type == WARDEN_DNS_AAAA) {
        unsigned char x[16];
        unsigned char y[16];
        if (ipv6(a, x) && ipv6(b, y)) {
            return warden_memeq((const char *) x, (const char *) y, 16);
        }
    }
    if (type == WARDEN_DNS_TXT) {
        return warden_streq(a, b);
    }
    int la = warden_strlen(a);
    int lb = warden_strlen(b);
    la -= la > 0 && a[la - 1] == '.';
    lb -= lb > 0 && b[lb - 1] == '.';
    if (la != lb) {
        return 0;
    }
    for (int i = 0; i < la; i++) {
        if (lower(a[i]) != lower(b[i])) {
            return 0;
        }
    }
    return 1;
}

/* Whether the answer holds a record equal to `want`. */
static int answered(const char *json, int n, int count, const char *want, int type) {
    for (int i = 0; i < count; i++) {
        char path[32];
        char record[512];
        warden_format(path, (int) sizeof path, "/records/%d", i);
        if (warden_get_string(json, n, path, record, (int) sizeof record) >= 0 && same_record(record, want, type)) {
            return 1;
        }
    }
    return 0;
}

WARDEN_EXPORT("run_check") void run_check(void) {
    char name[256];
    char type_name[8];
    char match[8];
    if (warden_param_string("name", name, (int) sizeof name) <= 0) {
        warden_submit(WARDEN_UNKNOWN, "dns-resolve: params need a name");
        return;
    }
    warden_param_string_or("type", type_name, (int) sizeof type_name, "A");
    for (char *c = type_name; *c; c++) {
        *c = *c >= 'a' && *c <= 'z' ? (char) (*c - ('a' - 'A')) : *c;
    }
    int type = warden_dns_type(type_name);
    if (type < 0) {
        warden_submit(WARDEN_UNKNOWN, "dns-resolve: type %s is not one of A, AAAA, CNAME, MX, NS, PTR, SRV, TXT",
                      type_name);
        return;
    }
    warden_param_string_or("match", match, (int) sizeof match, "any");
    int all = warden_streq(match, "all");
    int exact = warden_streq(match, "exact");
    if (!all && !exact && !warden_streq(match, "any")) {
        warden_submit(WARDEN_UNKNOWN, "dns-resolve: match must be any, all or exact, not %s", match);
        return;
    }
    int expected = 0;
    while (expected < 64) {
        char path[32];
        warden_format(path, (int) sizeof path, "/expect/%d", expected);
        if (warden_param_string(path, params_expect[expected], (int) sizeof params_expect[0]) < 0) {
            break;
        }
        expected++;
    }
    double warn_ms = warden_param_number_or("warn_ms", WARDEN_NONE);
    double crit_ms = warden_param_number_or("crit_ms", WARDEN_NONE);

    warden_result_begin();
    warden_result_label("name", name);
    warden_result_label("type", type_name);
    long long started = warden_now_ms();
    int n = warden_dns_lookup(name, type, answer, (int) sizeof answer);
    long long lookup_ms = warden_now_ms() - started;
    warden_result_metric("lookup_ms", (double) lookup_ms, "ms", warn_ms, crit_ms);
    if (n < 0) {
        warden_result_status(n == WARDEN_ERR_DENIED || n == WARDEN_ERR_INVALID || n == WARDEN_ERR_TOO_LARGE
                             ? WARDEN_UNKNOWN : WARDEN_CRITICAL);
        if (n == WARDEN_ERR_NOT_FOUND) {
            warden_result_summary("%s has no %s records (or does not exist)", name, type_name);
        } else if (n == WARDEN_ERR_DENIED) {
            warden_result_summary("lookup of %s denied: the assignment's grant does not allow the name", name);
        } else if (n == WARDEN_ERR_TIMEOUT) {
            warden_result_summary("lookup of %s %s timed out after %lldms", name, type_name, lookup_ms);
        } else {
            warden_result_summary("lookup of %s %s failed: %s (%d)", name, type_name, warden_code_name(n), n);
        }
        warden_result_metric("answer_count", 0, "", WARDEN_NONE, WARDEN_NONE);
        warden_result_submit();
        return;
    }

    int count = warden_get_array_len(answer, n, "/records");
    count = count < 0 ? 0 : count;
    warden_result_metric("answer_count", count, "", WARDEN_NONE, WARDEN_NONE);
    warden_result_metric("ttl", (double) warden_get_int_or(answer, n, "ttl", 0), "s", WARDEN_NONE, WARDEN_NONE);
    warden_result_perfdata_add("lookup_ms", (double) lookup_ms, "ms", warn_ms, crit_ms);
    warden_result_perfdata_add("answer_count", count, "", WARDEN_NONE, WARDEN_NONE);
    int latency = warden_threshold_status((double) lookup_ms, warn_ms, crit_ms);
    warden_result_status(count > 0 ? latency : WARDEN_CRITICAL);
    warden_result_summary("%s %s:", name, type_name);
    for (int i = 0; i < count && i < 5; i++) {
        char path[32];
        char record[128];
        warden_format(path, (int) sizeof path, "/records/%d", i);
        if (warden_get_string(answer, n, path, record, (int) sizeof record) < 0) {
            warden_strcpy(record, (int) sizeof record, "(long record)");
        }
        warden_result_summary_add("%s %s", i == 0 ? "" : ",", record);
    }
    if (count > 5) {
        warden_result_summary_add(" and %d more", count - 5);
    }
    warden_result_summary_add(" in %lldms", lookup_ms);
    if (latency != WARDEN_OK) {
        warden_result_summary_add(" (over %gms)", latency == WARDEN_CRITICAL ? crit_ms : warn_ms);
    }

    if (expected > 0) {
        int hits = 0;
        for (int i = 0; i < expected; i++) {
            hits += answered(answer, n, count, params_expect[i], type);
        }
        int ok = all ? hits == expected : exact ? hits == expected && count == expected : hits > 0;
        if (exact && ok) {
            /* Every answered record must be expected, too (duplicates aside). */
            for (int i = 0; i < count && ok; i++) {
                char path[32];
                char record[512];
                warden_format(path, (int) sizeof path, "/records/%d", i);
                int found = 0;
                if (warden_get_string(answer, n, path, record, (int) sizeof record) >= 0) {
                    for (int k = 0; k < expected && !found; k++) {
                        found = same_record(record, params_expect[k], type);
                    }
                }
                ok = found;
            }
        }
        if (!ok) {
            warden_result_status(WARDEN_CRITICAL);
            warden_result_summary_add("; expected %s of %d record(s) (%s%s): %d of them among the %d answered",
                                      exact ? "exactly the set" : all ? "all" : "any", expected, params_expect[0],
                                      expected > 1 ? ", ..." : "", hits, count);
        } else {
            warden_result_summary_add("; matches the expected record(s) (%s)", match);
        }
    }
    warden_result_submit();
}
