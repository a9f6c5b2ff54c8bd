/*
 * http-check: a ServiceRadar-style HTTP checker for Warden.
 *
 * Params: {"url":"http://...","expect_status":200,"response_mode":"json"|"status_body","timeout_ms":5000}
 *
 * Builds the http_request JSON, lets the host make the call (the host alone decides whether the
 * target is allowed), reads the status out of either response encoding and submits
 *   OK        the status is the expected one ("http 200 in 3ms")
 *   CRITICAL  another status
 *   UNKNOWN   http_request answered an error code (DENIED, TIMEOUT ...)
 * with the metrics status, response_bytes and latency_ms.
 *
 * No libc: the imports are exactly ServiceRadar's SDK declarations (module "env") plus the WASI
 * monotonic clock for the latency, so the module stays small and its imports are all it can do.
 */

#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define WASI(name) __attribute__((import_module("wasi_snapshot_preview1"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

typedef unsigned long long u64;

IMPORT("get_config") int get_config(char *buf, int cap);
IMPORT("log") void host_log(int level, const char *msg, int len);
IMPORT("submit_result") int submit_result(const char *json, int len);
IMPORT("http_request") int http_request(const char *req, int req_len, char *resp, int resp_cap);
WASI("clock_time_get") int clock_time_get(int clock_id, u64 precision, u64 *time);

enum { LOG_DEBUG = 0, LOG_INFO = 1, LOG_WARN = 2 };
enum { CLOCK_MONOTONIC = 1 };

static char config[4096];
static char request[4096];
static char out[4096];
/* The JSON envelope carries the body base64-encoded: room for a 2 MiB body, the default cap. */
static char response[2900000];

/* ---- a growing text buffer over a fixed array --------------------------------------------- */

typedef struct {
    char *data;
    int cap;
    int len;
} text;

static void put(text *t, const char *s, int n) {
    for (int i = 0; i < n && t->len < t->cap; i++) {
        t->data[t->len++] = s[i];
    }
}

static int length(const char *s) {
    int n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static void put_str(text *t, const char *s) {
    put(t, s, length(s));
}

static void put_int(text *t, long long value) {
    char digits[24];
    int n = 0;
    if (value < 0) {
        put(t, "-", 1);
        value = -value;
    }
    do {
        digits[n++] = (char) ('0' + value % 10);
        value /= 10;
    } while (value > 0 && n < (int) sizeof digits);
    while (n > 0) {
        put(t, &digits[--n], 1);
    }
}

/* ---- just enough JSON reading for flat params --------------------------------------------- */

typedef struct {
    const char *p;
    int len;
} slice;

static int same(const char *a, const char *b, int n) {
    for (int i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}

static int is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Where the value of "key" starts in a flat JSON object, or -1. */
static int value_at(const char *json, int len, const char *key) {
    int key_len = length(key);
    for (int i = 0; i + key_len + 2 <= len; i++) {
        if (json[i] != '"' || !same(json + i + 1, key, key_len) || json[i + 1 + key_len] != '"') {
            continue;
        }
        int j = i + key_len + 2;
        while (j < len && is_space(json[j])) {
            j++;
        }
        if (j >= len || json[j] != ':') {
            continue;
        }
        j++;
        while (j < len && is_space(json[j])) {
            j++;
        }
        return j < len ? j : -1;
    }
    return -1;
}

/*
 * The raw text of a string value, escapes left as they are: it is copied into other JSON
 * unchanged, so it never needs decoding. Empty when absent or not a string.
 */
static slice string_value(const char *json, int len, const char *key) {
    slice s = {0, 0};
    int j = value_at(json, len, key);
    if (j < 0 || json[j] != '"') {
        return s;
    }
    int start = ++j;
    while (j < len && json[j] != '"') {
        j += json[j] == '\\' ? 2 : 1;
    }
    if (j >= len) {
        return s;
    }
    s.p = json + start;
    s.len = j - start;
    return s;
}

static long long int_value(const char *json, int len, const char *key, long long fallback) {
    int j = value_at(json, len, key);
    if (j < 0) {
        return fallback;
    }
    int negative = json[j] == '-';
    j += negative;
    if (j >= len || json[j] < '0' || json[j] > '9') {
        return fallback;
    }
    long long v = 0;
    while (j < len && json[j] >= '0' && json[j] <= '9' && v < 1000000000000LL) {
        v = v * 10 + (json[j++] - '0');
    }
    return negative ? -v : v;
}

static int slice_is(slice s, const char *word) {
    return s.len == length(word) && same(s.p, word, s.len);
}

/* ---- the response, in either encoding -------------------------------------------------------- */

/*
 * status_body answers "<digits>\n<body>"; the JSON envelope answers {"status":<n>,...}. Returns
 * the status, or -1 when neither form is recognised.
 */
static int response_status(const char *r, int len) {
    int i = 0;
    int status = 0;
    while (i < len && i < 4 && r[i] >= '0' && r[i] <= '9') {
        status = status * 10 + (r[i++] - '0');
    }
    if (i > 0 && i < len && r[i] == '\n') {
        return status;
    }
    long long s = int_value(r, len, "status", -1);
    return s >= 0 && s <= 999 ? (int) s : -1;
}

static const char *code_name(int rc) {
    switch (rc) {
    case -1: return "INVALID";
    case -2: return "DENIED";
    case -3: return "TOO_LARGE";
    case -4: return "NOT_FOUND";
    case -5: return "INTERNAL";
    case -6: return "TIMEOUT";
    case -7: return "BAD_HANDLE";
    default: return "ERROR";
    }
}

static u64 now_ms(void) {
    u64 ns = 0;
    return clock_time_get(CLOCK_MONOTONIC, 1000, &ns) == 0 ? ns / 1000000 : 0;
}

static void metric(text *t, const char *name, long long value, const char *unit, int first) {
    put_str(t, first ? "{\"name\":\"" : ",{\"name\":\"");
    put_str(t, name);
    put_str(t, "\",\"value\":");
    put_int(t, value);
    put_str(t, ",\"unit\":\"");
    put_str(t, unit);
    put_str(t, "\"}");
}

static void say(int level, const char *prefix, slice tail) {
    text t = {out, (int) sizeof out, 0};
    put_str(&t, prefix);
    put(&t, tail.p, tail.len);
    host_log(level, out, t.len);
}

EXPORT("run_check") void run_check(void) {
    int n = get_config(config, (int) sizeof config);
    if (n < 0) {
        n = 0;
    }
    slice url = string_value(config, n, "url");
    slice mode = string_value(config, n, "response_mode");
    long long expect = int_value(config, n, "expect_status", 200);
    long long timeout = int_value(config, n, "timeout_ms", 5000);
    int status_body = slice_is(mode, "status_body");

    text result = {out, (int) sizeof out, 0};
    if (url.len == 0) {
        put_str(&result, "{\"status\":\"UNKNOWN\",\"summary\":\"http-check: params need a url\"}");
        submit_result(out, result.len);
        return;
    }

    /* ServiceRadar's SDK field order; without response_mode the host answers the JSON envelope. */
    text req = {request, (int) sizeof request, 0};
    put_str(&req, "{\"method\":\"GET\",\"url\":\"");
    put(&req, url.p, url.len);
    put_str(&req, "\"");
    if (status_body) {
        put_str(&req, ",\"response_mode\":\"status_body\"");
    }
    if (timeout > 0) {
        put_str(&req, ",\"timeout_ms\":");
        put_int(&req, timeout);
    }
    put_str(&req, "}");
    say(LOG_DEBUG, "http-check: GET ", url);

    u64 started = now_ms();
    int rc = http_request(request, req.len, response, (int) sizeof response);
    long long latency = (long long) (now_ms() - started);

    if (rc < 0) {
        say(LOG_WARN, "http-check: http_request failed for ", url);
        put_str(&result, "{\"status\":\"UNKNOWN\",\"summary\":\"http_request failed: ");
        put_str(&result, code_name(rc));
        put_str(&result, " (");
        put_int(&result, rc);
        put_str(&result, ")\",\"metrics\":[");
        metric(&result, "error_code", rc, "", 1);
    } else {
        int status = response_status(response, rc);
        int ok = status == expect;
        put_str(&result, ok ? "{\"status\":\"OK\",\"summary\":\"http " : "{\"status\":\"CRITICAL\",\"summary\":\"http ");
        put_int(&result, status);
        put_str(&result, " in ");
        put_int(&result, latency);
        put_str(&result, "ms");
        if (!ok) {
            put_str(&result, ", expected ");
            put_int(&result, expect);
        }
        put_str(&result, "\",\"perfdata\":\"latency_ms=");
        put_int(&result, latency);
        put_str(&result, "ms\",\"metrics\":[");
        metric(&result, "status", status, "", 1);
        metric(&result, "response_bytes", rc, "B", 0);
        metric(&result, "latency_ms", latency, "ms", 0);
    }
    put_str(&result, "],\"labels\":{\"url\":\"");
    put(&result, url.p, url.len);
    put_str(&result, "\",\"response_mode\":\"");
    put_str(&result, status_body ? "status_body" : "json");
    put_str(&result, "\"}}");
    submit_result(out, result.len);
}
