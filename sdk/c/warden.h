/*
 * warden.h -- the C SDK for Warden checkers (host ABI v1). Header-only, no dependencies.
 *
 * BUILD
 *   No libc (smallest modules; manifest `runtime: none` unless you call warden_now_ms):
 *     clang --target=wasm32 -nostdlib -fno-builtin -Oz -I path/to/sdk/c \
 *       -Wl,--no-entry -Wl,--export=run_check -Wl,--strip-all \
 *       -Wl,-z,stack-size=65536 -Wl,--initial-memory=131072 -Wl,--max-memory=2097152 \
 *       -o plugin.wasm check.c
 *     `-fno-builtin` matters: without libc there is no memcpy/memset for the compiler to call.
 *     Avoid `= {0}` on big local arrays and struct copies for the same reason.
 *   With wasi-libc (manifest `runtime: wasi-preview1`):
 *     clang --target=wasm32-wasi -Oz -mexec-model=reactor -I path/to/sdk/c \
 *       -Wl,--export=run_check -o plugin.wasm check.c
 *   Include this header from ONE translation unit (it defines static functions and buffers).
 *   Every function is `static`: what a plugin does not call is not compiled in, and an import
 *   no remaining code calls is not imported (at -O0 too). So a module imports exactly the host
 *   functions it uses, and its manifest lists only those capabilities.
 *
 * THE ABI (module "env"; pointers and lengths are i32 into memory 0)
 *   get_config(buf, cap) -> n               params JSON of the assignment; -3 if cap too small
 *   log(level, msg, len)                    0 debug, 1 info, 2 warn, 3 error; capped per run
 *   submit_result(json, len) -> rc          the result JSON; the last one submitted wins
 *   http_request(req, len, resp, cap) -> n  request JSON {method,url,headers,body,timeout_ms,
 *                                           response_mode}; answer JSON {status,headers,
 *                                           body_base64} or "<status>\n<body>" (status_body)
 *   tcp_connect(host, len, port, timeout_ms) -> handle; tcp_read(h, buf, cap, timeout_ms) -> n
 *   (0 = end of stream); tcp_write(h, buf, len, timeout_ms) -> n; tcp_close(h) -> 0
 *   udp_sendto(host, len, port, buf, len, timeout_ms) -> n
 *   dns_lookup(name, len, rr_type, out, cap) -> n   {"name","type","records":[..],"ttl"}
 *   tls_inspect(host, len, port, out, cap) -> n  TLS handshake with host:port (SNI = host), answers
 *                                           {"protocol","cipher_suite","verified",
 *                                           "verification_error","chain":[{"subject","issuer",
 *                                           "serial","not_before","not_after","days_left","san",
 *                                           "sha256"}]} (leaf first)
 *   Capabilities (manifest `capabilities:`) name these imports; tcp_connect covers all four
 *   tcp_* functions. An import of a capability the manifest does not list fails the upload.
 *   A timeout of 0 or less means "the time left in the run".
 *
 * RETURN CODES
 *   >= 0 success (a byte count or a handle), WARDEN_ERR_INVALID -1, _DENIED -2 (the operator's
 *   grant does not allow it), _TOO_LARGE -3, _NOT_FOUND -4, _INTERNAL -5, _TIMEOUT -6,
 *   _BAD_HANDLE -7. warden_code_name(rc) names them.
 *
 * MEMORY
 *   No allocator. The caller passes buffers; the SDK keeps a few static buffers (sizes below,
 *   each overridable with #define before the #include): the result being built, one log line,
 *   one HTTP request. warden_config starts with a static buffer and, when the params are
 *   bigger, grows linear memory (memory.grow) up to WARDEN_CONFIG_MAX.
 *
 * A CHECK
 *   #include "warden.h"
 *   WARDEN_EXPORT("run_check") void run_check(void) {
 *       char host[256];
 *       if (warden_param_string("host", host, sizeof host) <= 0) {
 *           warden_submit(WARDEN_UNKNOWN, "params need a host");
 *           return;
 *       }
 *       warden_result_begin();
 *       warden_result_status(WARDEN_OK);
 *       warden_result_summary("%s is fine", host);
 *       warden_result_metric("answer", 42, "", WARDEN_NONE, WARDEN_NONE);
 *       warden_result_submit();
 *   }
 */
#ifndef WARDEN_H
#define WARDEN_H

#ifndef WARDEN_CONFIG_INITIAL
#define WARDEN_CONFIG_INITIAL 4096 /* static params buffer; bigger params grow memory */
#endif
#ifndef WARDEN_CONFIG_MAX
#define WARDEN_CONFIG_MAX 1048576 /* largest params document warden_config accepts */
#endif
#ifndef WARDEN_LOG_LINE
#define WARDEN_LOG_LINE 1024 /* longest formatted log line (stack) */
#endif
#ifndef WARDEN_SUMMARY_CAP
#define WARDEN_SUMMARY_CAP 1024
#endif
#ifndef WARDEN_PERFDATA_CAP
#define WARDEN_PERFDATA_CAP 1024
#endif
#ifndef WARDEN_METRICS_CAP
#define WARDEN_METRICS_CAP 4096 /* encoded metrics array */
#endif
#ifndef WARDEN_LABELS_CAP
#define WARDEN_LABELS_CAP 2048 /* encoded labels object */
#endif
#ifndef WARDEN_RESULT_CAP
#define WARDEN_RESULT_CAP 9216 /* the whole result JSON */
#endif
#ifndef WARDEN_HTTP_REQUEST_CAP
#define WARDEN_HTTP_REQUEST_CAP 8192 /* request JSON incl. URL, headers and body */
#endif

#define WARDEN_API static __attribute__((unused))
#define WARDEN_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define WARDEN_EXPORT(name) __attribute__((export_name(name)))
#define WARDEN_IMPORT(name) __attribute__((import_module("env"), import_name(name)))
/* Exports warden_abi_v1 (no params, no results): declares the ABI the module was built for. */
#define WARDEN_DECLARE_ABI_V1 \
    WARDEN_EXPORT("warden_abi_v1") void warden_abi_v1(void); \
    void warden_abi_v1(void) {}

/* ---- return codes, levels, statuses ---------------------------------------------------- */

#define WARDEN_SUCCESS 0
#define WARDEN_ERR_INVALID (-1)
#define WARDEN_ERR_DENIED (-2)
#define WARDEN_ERR_TOO_LARGE (-3)
#define WARDEN_ERR_NOT_FOUND (-4)
#define WARDEN_ERR_INTERNAL (-5)
#define WARDEN_ERR_TIMEOUT (-6)
#define WARDEN_ERR_BAD_HANDLE (-7)

#define WARDEN_LOG_DEBUG 0
#define WARDEN_LOG_INFO 1
#define WARDEN_LOG_WARN 2
#define WARDEN_LOG_ERROR 3

/* Result statuses, Nagios-numbered; a higher number is worse (see warden_result_raise). */
#define WARDEN_OK 0
#define WARDEN_WARNING 1
#define WARDEN_CRITICAL 2
#define WARDEN_UNKNOWN 3

/* DNS RR type numbers for dns_lookup. */
#define WARDEN_DNS_A 1
#define WARDEN_DNS_NS 2
#define WARDEN_DNS_CNAME 5
#define WARDEN_DNS_PTR 12
#define WARDEN_DNS_MX 15
#define WARDEN_DNS_TXT 16
#define WARDEN_DNS_AAAA 28
#define WARDEN_DNS_SRV 33

/* "No value" for optional numbers (metric warn/crit/min/max, thresholds). */
#define WARDEN_NONE (__builtin_nan(""))

/* ---- host imports (module "env") ---------------------------------------------------------- */

WARDEN_IMPORT("get_config") int warden_host_get_config(char *buf, int cap);
WARDEN_IMPORT("log") void warden_host_log(int level, const char *msg, int len);
WARDEN_IMPORT("submit_result") int warden_host_submit_result(const char *json, int len);
WARDEN_IMPORT("http_request")
int warden_host_http_request(const char *req, int req_len, char *resp, int resp_cap);
WARDEN_IMPORT("tcp_connect") int warden_host_tcp_connect(const char *host, int host_len, int port, int timeout_ms);
WARDEN_IMPORT("tcp_read") int warden_host_tcp_read(int handle, char *buf, int cap, int timeout_ms);
WARDEN_IMPORT("tcp_write") int warden_host_tcp_write(int handle, const char *buf, int len, int timeout_ms);
WARDEN_IMPORT("tcp_close") int warden_host_tcp_close(int handle);
WARDEN_IMPORT("udp_sendto")
int warden_host_udp_sendto(const char *host, int host_len, int port, const char *buf, int len, int timeout_ms);
WARDEN_IMPORT("dns_lookup") int warden_host_dns_lookup(const char *name, int name_len, int type, char *out, int cap);
WARDEN_IMPORT("tls_inspect") int warden_host_tls_inspect(const char *host, int host_len, int port, char *out, int cap);

/* WASI's clock, only linked by warden_now_ms (which needs `runtime: wasi-preview1`). */
__attribute__((import_module("wasi_snapshot_preview1"), import_name("clock_time_get")))
int warden_wasi_clock_time_get(int clock_id, unsigned long long precision, unsigned long long *time);

/* ---- small text utilities ------------------------------------------------------------------ */

WARDEN_API int warden_strlen(const char *s) {
    int n = 0;
    while (s && s[n]) {
        n++;
    }
    return n;
}

/* 1 when the first n bytes of a and b are equal. */
WARDEN_API int warden_memeq(const char *a, const char *b, int n) {
    for (int i = 0; i < n; i++) {
        if (a[i] != b[i]) {
            return 0;
        }
    }
    return 1;
}

WARDEN_API int warden_streq(const char *a, const char *b) {
    int n = warden_strlen(a);
    return n == warden_strlen(b) && warden_memeq(a, b, n);
}

/* 1 when needle occurs in the first len bytes of hay (an empty needle always does). */
WARDEN_API int warden_contains(const char *hay, int len, const char *needle) {
    int n = warden_strlen(needle);
    for (int i = 0; i + n <= len; i++) {
        if (warden_memeq(hay + i, needle, n)) {
            return 1;
        }
    }
    return 0;
}

/* Copies src (NUL-terminated, truncated to fit) into dst; returns the length copied. */
WARDEN_API int warden_strcpy(char *dst, int cap, const char *src) {
    int n = 0;
    while (src[n] && n < cap - 1) {
        dst[n] = src[n];
        n++;
    }
    if (cap > 0) {
        dst[n] = 0;
    }
    return n;
}

WARDEN_API const char *warden_code_name(int rc) {
    switch (rc) {
    case 0: return "OK";
    case -1: return "INVALID";
    case -2: return "DENIED";
    case -3: return "TOO_LARGE";
    case -4: return "NOT_FOUND";
    case -5: return "INTERNAL";
    case -6: return "TIMEOUT";
    case -7: return "BAD_HANDLE";
    default: return rc > 0 ? "OK" : "ERROR";
    }
}

WARDEN_API const char *warden_status_name(int status) {
    switch (status) {
    case WARDEN_OK: return "OK";
    case WARDEN_WARNING: return "WARNING";
    case WARDEN_CRITICAL: return "CRITICAL";
    default: return "UNKNOWN";
    }
}

/* ---- warden_buf: text into a caller buffer, always NUL-terminated, overflow remembered ----- */

typedef struct {
    char *data;
    int cap;      /* bytes available, including the terminating NUL */
    int len;      /* bytes written, excluding the NUL */
    int overflow; /* 1 once anything did not fit; the text is then a truncated prefix */
} warden_buf;

WARDEN_API warden_buf warden_buf_of(char *data, int cap) {
    warden_buf b;
    b.data = data;
    b.cap = cap;
    b.len = 0;
    b.overflow = cap <= 0;
    if (cap > 0) {
        data[0] = 0;
    }
    return b;
}

/* A buffer that already holds len bytes of text, to append to. */
WARDEN_API warden_buf warden_buf_resume(char *data, int cap, int len) {
    warden_buf b;
    b.data = data;
    b.cap = cap;
    b.len = len;
    b.overflow = cap <= 0 || len >= cap;
    return b;
}

WARDEN_API void warden_buf_putn(warden_buf *b, const char *s, int n) {
    for (int i = 0; i < n; i++) {
        if (b->len >= b->cap - 1) {
            b->overflow = 1;
            break;
        }
        b->data[b->len++] = s[i];
    }
    if (b->cap > 0) {
        b->data[b->len] = 0;
    }
}

WARDEN_API void warden_buf_put(warden_buf *b, const char *s) {
    warden_buf_putn(b, s, warden_strlen(s));
}

WARDEN_API void warden_buf_putc(warden_buf *b, char c) {
    warden_buf_putn(b, &c, 1);
}

/* Drops a UTF-8 sequence cut short at the end of the text (after an overflow). */
WARDEN_API void warden_buf_trim_utf8(warden_buf *b) {
    int i = b->len - 1;
    int cont = 0;
    while (i >= 0 && cont < 3 && (((unsigned char) b->data[i]) & 0xC0) == 0x80) {
        i--;
        cont++;
    }
    if (i < 0) {
        return;
    }
    unsigned char lead = (unsigned char) b->data[i];
    int need = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    if (cont < need) {
        b->len = i;
        b->data[i] = 0;
    }
}

WARDEN_API void warden_buf_int(warden_buf *b, long long v, int width, char pad) {
    char digits[24];
    int n = 0;
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long) v : (unsigned long long) v;
    do {
        digits[n++] = (char) ('0' + (int) (u % 10));
        u /= 10;
    } while (u > 0);
    if (v < 0 && pad == '0') {
        warden_buf_putc(b, '-');
        width--;
    } else if (v < 0) {
        digits[n++] = '-';
    }
    for (int i = n; i < width; i++) {
        warden_buf_putc(b, pad);
    }
    while (n > 0) {
        warden_buf_putc(b, digits[--n]);
    }
}

WARDEN_API void warden_buf_hex(warden_buf *b, unsigned long long u, int upper) {
    const char *hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char digits[16];
    int n = 0;
    do {
        digits[n++] = hex[u & 15];
        u >>= 4;
    } while (u > 0);
    while (n > 0) {
        warden_buf_putc(b, digits[--n]);
    }
}

WARDEN_API int warden_is_finite(double v) {
    return v == v && v - v == 0;
}

/*
 * A double as text: integers exactly (up to 1e15), otherwise 9 significant digits with trailing
 * zeros trimmed, in exponent form below 1e-5 and from 1e15. With decimals >= 0, exactly that
 * many digits after the point (like printf's %.Nf) while the value fits. Not finite: "nan"/"inf".
 */
WARDEN_API void warden_buf_double(warden_buf *b, double v, int decimals) {
    if (v != v) {
        warden_buf_put(b, "nan");
        return;
    }
    if (!warden_is_finite(v)) {
        warden_buf_put(b, v < 0 ? "-inf" : "inf");
        return;
    }
    if (v < 0) {
        warden_buf_putc(b, '-');
        v = -v;
    }
    if (decimals > 18) {
        decimals = 18;
    }
    if (decimals >= 0) {
        double scale = 1;
        for (int i = 0; i < decimals; i++) {
            scale *= 10;
        }
        if (v * scale < 9.0e18) {
            unsigned long long whole = (unsigned long long) (v * scale + 0.5);
            unsigned long long p = (unsigned long long) scale;
            warden_buf_int(b, (long long) (whole / p), 0, ' ');
            if (decimals > 0) {
                warden_buf_putc(b, '.');
                warden_buf_int(b, (long long) (whole % p), decimals, '0');
            }
            return;
        }
    }
    if (v < 1.0e15 && v == (double) (long long) v) {
        warden_buf_int(b, (long long) v, 0, ' ');
        return;
    }
    /* Normalise to m in [1, 10) times 10^e, then round to 9 significant digits. */
    int e = 0;
    double m = v;
    if (m != 0) {
        while (m >= 1e8) { m /= 1e8; e += 8; }
        while (m >= 10) { m /= 10; e++; }
        while (m < 1e-8) { m *= 1e8; e -= 8; }
        while (m < 1) { m *= 10; e--; }
    }
    unsigned long long sig = (unsigned long long) (m * 1e8 + 0.5);
    if (sig >= 1000000000ULL) {
        sig /= 10;
        e++;
    }
    char d[9];
    for (int i = 8; i >= 0; i--) {
        d[i] = (char) ('0' + (int) (sig % 10));
        sig /= 10;
    }
    int last = 8;
    while (last > 0 && d[last] == '0') {
        last--;
    }
    if (e >= -5 && e < 15) {
        if (e < 0) {
            warden_buf_put(b, "0.");
            for (int i = -1; i > e; i--) {
                warden_buf_putc(b, '0');
            }
            warden_buf_putn(b, d, last + 1);
        } else {
            for (int i = 0; i <= e; i++) {
                warden_buf_putc(b, i < 9 ? d[i] : '0');
            }
            if (last > e) {
                warden_buf_putc(b, '.');
                warden_buf_putn(b, d + e + 1, last - e);
            }
        }
    } else {
        warden_buf_putc(b, d[0]);
        if (last > 0) {
            warden_buf_putc(b, '.');
            warden_buf_putn(b, d + 1, last);
        }
        warden_buf_putc(b, 'e');
        warden_buf_int(b, e, 0, ' ');
    }
}

/*
 * printf for a warden_buf, the common subset: %s %.*s %.Ns %c %d %i %u %x %X %f %.Nf %g %e %%,
 * with the length modifiers l, ll, z, an optional '-'/'0' flag and width for integers and
 * strings. %f/%g/%e without a precision print like warden_buf_double (9 significant digits).
 */
WARDEN_API void warden_buf_vprintf(warden_buf *b, const char *fmt, __builtin_va_list ap) {
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            warden_buf_putc(b, *p);
            continue;
        }
        p++;
        int left = 0;
        char pad = ' ';
        while (*p == '-' || *p == '0') {
            if (*p == '-') {
                left = 1;
            } else {
                pad = '0';
            }
            p++;
        }
        int width = 0;
        while (*p >= '0' && *p <= '9') {
            width = width * 10 + (*p++ - '0');
        }
        int precision = -1;
        if (*p == '.') {
            p++;
            precision = 0;
            if (*p == '*') {
                precision = __builtin_va_arg(ap, int);
                p++;
            } else {
                while (*p >= '0' && *p <= '9') {
                    precision = precision * 10 + (*p++ - '0');
                }
            }
        }
        int longs = 0;
        while (*p == 'l' || *p == 'z' || *p == 'h') {
            longs += *p == 'l' ? 1 : 0;
            p++;
        }
        int start = b->len;
        switch (*p) {
        case 's':
        case 'c': {
            char one = 0;
            const char *s = &one;
            int n = 1;
            if (*p == 'c') {
                one = (char) __builtin_va_arg(ap, int);
            } else {
                s = __builtin_va_arg(ap, const char *);
                if (s == 0) {
                    s = "(null)";
                }
                n = 0;
                while (s[n] && (precision < 0 || n < precision)) {
                    n++;
                }
            }
            for (int i = n; !left && i < width; i++) {
                warden_buf_putc(b, ' ');
            }
            warden_buf_putn(b, s, n);
            break;
        }
        case 'd':
        case 'i': {
            long long v = longs >= 2 ? __builtin_va_arg(ap, long long)
                        : longs == 1 ? (long long) __builtin_va_arg(ap, long) : __builtin_va_arg(ap, int);
            warden_buf_int(b, v, left ? 0 : width, pad);
            break;
        }
        case 'u':
        case 'x':
        case 'X': {
            unsigned long long v = longs >= 2 ? __builtin_va_arg(ap, unsigned long long)
                                 : longs == 1 ? (unsigned long long) __builtin_va_arg(ap, unsigned long)
                                              : __builtin_va_arg(ap, unsigned int);
            if (*p == 'u') {
                if (v > 0x7fffffffffffffffULL) {
                    warden_buf_int(b, (long long) (v / 10), 0, ' ');
                    warden_buf_putc(b, (char) ('0' + (int) (v % 10)));
                } else {
                    warden_buf_int(b, (long long) v, left ? 0 : width, pad);
                }
            } else {
                warden_buf_hex(b, v, *p == 'X');
            }
            break;
        }
        case 'f':
        case 'F':
        case 'g':
        case 'G':
        case 'e':
        case 'E':
            warden_buf_double(b, __builtin_va_arg(ap, double), (*p == 'f' || *p == 'F') ? precision : -1);
            break;
        case '%':
            warden_buf_putc(b, '%');
            break;
        case 0:
            return;
        default:
            warden_buf_putc(b, '%');
            warden_buf_putc(b, *p);
            break;
        }
        if (left) {
            for (int n = b->len - start; n < width; n++) {
                warden_buf_putc(b, ' ');
            }
        }
    }
}

WARDEN_API WARDEN_PRINTF(2, 3) void warden_buf_printf(warden_buf *b, const char *fmt, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    warden_buf_vprintf(b, fmt, ap);
    __builtin_va_end(ap);
}

/* snprintf-like: formats into dst (NUL-terminated, truncated); returns the length written. */
WARDEN_API WARDEN_PRINTF(3, 4) int warden_format(char *dst, int cap, const char *fmt, ...) {
    warden_buf b = warden_buf_of(dst, cap);
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    warden_buf_vprintf(&b, fmt, ap);
    __builtin_va_end(ap);
    return b.len;
}

/* ---- logging ------------------------------------------------------------------------------- */

WARDEN_API void warden_vlog(int level, const char *fmt, __builtin_va_list ap) {
    char line[WARDEN_LOG_LINE];
    warden_buf b = warden_buf_of(line, (int) sizeof line);
    warden_buf_vprintf(&b, fmt, ap);
    if (b.overflow) {
        warden_buf_trim_utf8(&b);
    }
    warden_host_log(level, line, b.len);
}

/* Logs one formatted line (printf subset, see warden_buf_vprintf) at the given level. */
WARDEN_API WARDEN_PRINTF(2, 3) void warden_log(int level, const char *fmt, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    warden_vlog(level, fmt, ap);
    __builtin_va_end(ap);
}

WARDEN_API WARDEN_PRINTF(1, 2) void warden_log_debug(const char *fmt, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    warden_vlog(WARDEN_LOG_DEBUG, fmt, ap);
    __builtin_va_end(ap);
}

WARDEN_API WARDEN_PRINTF(1, 2) void warden_log_info(const char *fmt, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    warden_vlog(WARDEN_LOG_INFO, fmt, ap);
    __builtin_va_end(ap);
}

WARDEN_API WARDEN_PRINTF(1, 2) void warden_log_warn(const char *fmt, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    warden_vlog(WARDEN_LOG_WARN, fmt, ap);
    __builtin_va_end(ap);
}

WARDEN_API WARDEN_PRINTF(1, 2) void warden_log_error(const char *fmt, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    warden_vlog(WARDEN_LOG_ERROR, fmt, ap);
    __builtin_va_end(ap);
}

/* ---- JSON writer ----------------------------------------------------------------------------- */

/*
 * Writes one JSON value into a caller buffer. Commas are placed for you; nesting up to 60 deep.
 *   char out[512]; warden_json w = warden_json_of(out, sizeof out);
 *   warden_json_object_begin(&w); warden_json_key(&w, "n"); warden_json_int(&w, 3);
 *   warden_json_object_end(&w);          // out = {"n":3}
 *   if (!warden_json_ok(&w)) ...          // overflow or unbalanced nesting
 */
typedef struct {
    warden_buf b;
    unsigned long long has_items; /* bit d: the container at depth d already has an element */
    int depth;
    int after_key;
    int misuse;
} warden_json;

WARDEN_API warden_json warden_json_of(char *data, int cap) {
    warden_json w;
    w.b = warden_buf_of(data, cap);
    w.has_items = 0;
    w.depth = 0;
    w.after_key = 0;
    w.misuse = 0;
    return w;
}

/* 1 when everything fit and every object/array was closed. */
WARDEN_API int warden_json_ok(const warden_json *w) {
    return !w->b.overflow && !w->misuse && w->depth == 0 && !w->after_key;
}

WARDEN_API void warden_json__value(warden_json *w) {
    if (w->after_key) {
        w->after_key = 0;
        return;
    }
    if (w->depth > 0) {
        unsigned long long bit = 1ULL << w->depth;
        if (w->has_items & bit) {
            warden_buf_putc(&w->b, ',');
        }
        w->has_items |= bit;
    }
}

/* Writes s (n bytes) as a JSON string body: quotes, backslashes and control bytes escaped. */
WARDEN_API void warden_buf_json_escaped(warden_buf *b, const char *s, int n) {
    for (int i = 0; i < n; i++) {
        unsigned char c = (unsigned char) s[i];
        switch (c) {
        case '"': warden_buf_put(b, "\\\""); break;
        case '\\': warden_buf_put(b, "\\\\"); break;
        case '\n': warden_buf_put(b, "\\n"); break;
        case '\r': warden_buf_put(b, "\\r"); break;
        case '\t': warden_buf_put(b, "\\t"); break;
        case '\b': warden_buf_put(b, "\\b"); break;
        case '\f': warden_buf_put(b, "\\f"); break;
        default:
            if (c < 0x20 || c == 0x7f) {
                warden_buf_put(b, "\\u00");
                warden_buf_putc(b, "0123456789abcdef"[c >> 4]);
                warden_buf_putc(b, "0123456789abcdef"[c & 15]);
            } else {
                warden_buf_putc(b, (char) c);
            }
        }
    }
}

WARDEN_API void warden_json__open(warden_json *w, char c) {
    warden_json__value(w);
    warden_buf_putc(&w->b, c);
    if (w->depth >= 60) {
        w->misuse = 1;
        return;
    }
    w->depth++;
    w->has_items &= ~(1ULL << w->depth);
}

WARDEN_API void warden_json__close(warden_json *w, char c) {
    if (w->depth == 0 || w->after_key) {
        w->misuse = 1;
        return;
    }
    w->depth--;
    warden_buf_putc(&w->b, c);
}

WARDEN_API void warden_json_object_begin(warden_json *w) { warden_json__open(w, '{'); }
WARDEN_API void warden_json_object_end(warden_json *w) { warden_json__close(w, '}'); }
WARDEN_API void warden_json_array_begin(warden_json *w) { warden_json__open(w, '['); }
WARDEN_API void warden_json_array_end(warden_json *w) { warden_json__close(w, ']'); }

/* A member name inside an object; the next value written is its value. */
WARDEN_API void warden_json_key(warden_json *w, const char *key) {
    if (w->after_key || w->depth == 0) {
        w->misuse = 1;
    }
    w->after_key = 0;
    warden_json__value(w);
    warden_buf_putc(&w->b, '"');
    warden_buf_json_escaped(&w->b, key, warden_strlen(key));
    warden_buf_put(&w->b, "\":");
    w->after_key = 1;
}

WARDEN_API void warden_json_string_n(warden_json *w, const char *s, int n) {
    warden_json__value(w);
    warden_buf_putc(&w->b, '"');
    warden_buf_json_escaped(&w->b, s, n);
    warden_buf_putc(&w->b, '"');
}

WARDEN_API void warden_json_string(warden_json *w, const char *s) {
    warden_json_string_n(w, s, warden_strlen(s));
}

/* A number; NaN and infinities (which JSON cannot carry) are written as null. */
WARDEN_API void warden_json_number(warden_json *w, double v) {
    warden_json__value(w);
    if (warden_is_finite(v)) {
        warden_buf_double(&w->b, v, -1);
    } else {
        warden_buf_put(&w->b, "null");
    }
}

WARDEN_API void warden_json_int(warden_json *w, long long v) {
    warden_json__value(w);
    warden_buf_int(&w->b, v, 0, ' ');
}

WARDEN_API void warden_json_bool(warden_json *w, int v) {
    warden_json__value(w);
    warden_buf_put(&w->b, v ? "true" : "false");
}

WARDEN_API void warden_json_null(warden_json *w) {
    warden_json__value(w);
    warden_buf_put(&w->b, "null");
}

/* An already encoded JSON value (n bytes), copied as it is. */
WARDEN_API void warden_json_raw(warden_json *w, const char *json, int n) {
    warden_json__value(w);
    warden_buf_putn(&w->b, json, n);
}

WARDEN_API void warden_json_kv_string(warden_json *w, const char *key, const char *s) {
    warden_json_key(w, key);
    warden_json_string(w, s);
}

WARDEN_API void warden_json_kv_number(warden_json *w, const char *key, double v) {
    warden_json_key(w, key);
    warden_json_number(w, v);
}

WARDEN_API void warden_json_kv_int(warden_json *w, const char *key, long long v) {
    warden_json_key(w, key);
    warden_json_int(w, v);
}

WARDEN_API void warden_json_kv_bool(warden_json *w, const char *key, int v) {
    warden_json_key(w, key);
    warden_json_bool(w, v);
}

/* ---- JSON reader ------------------------------------------------------------------------------ */

/*
 * Reads values out of a JSON document (json, len) without copying or allocating. A `path` is
 * either a top-level member name ("timeout_ms") or, when it starts with '/', a JSON pointer
 * (RFC 6901: "/data/items/0/value", "~1" for '/', "~0" for '~'); "" is the whole document. Getters answer >= 0 / 1 when
 * found, WARDEN_ERR_NOT_FOUND when the path is absent, WARDEN_ERR_INVALID when the value there
 * has another type, WARDEN_ERR_TOO_LARGE when a string does not fit. The reader checks the
 * syntax of what it walks through on the way to the value, not of the whole document.
 */

WARDEN_API const char *warden_json__ws(const char *p, const char *end) {
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) {
        p++;
    }
    return p;
}

/* The end of the value starting at p, or 0 when it is malformed. */
WARDEN_API const char *warden_json__skip(const char *p, const char *end, int depth) {
    p = warden_json__ws(p, end);
    if (p >= end || depth > 64) {
        return 0;
    }
    char c = *p;
    if (c == '"') {
        for (p++; p < end; p++) {
            if (*p == '\\') {
                p++;
            } else if (*p == '"') {
                return p + 1;
            }
        }
        return 0;
    }
    if (c == '{' || c == '[') {
        char close = c == '{' ? '}' : ']';
        p = warden_json__ws(p + 1, end);
        if (p < end && *p == close) {
            return p + 1;
        }
        while (p < end) {
            if (c == '{') {
                p = warden_json__skip(p, end, depth + 1); /* the key */
                if (p == 0) {
                    return 0;
                }
                p = warden_json__ws(p, end);
                if (p >= end || *p != ':') {
                    return 0;
                }
                p++;
            }
            p = warden_json__skip(p, end, depth + 1);
            if (p == 0) {
                return 0;
            }
            p = warden_json__ws(p, end);
            if (p < end && *p == ',') {
                p++;
            } else if (p < end && *p == close) {
                return p + 1;
            } else {
                return 0;
            }
        }
        return 0;
    }
    const char *start = p;
    while (p < end && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') || *p == '-' || *p == '+' || *p == '.'
                       || *p == 'E')) {
        p++;
    }
    return p > start ? p : 0;
}

WARDEN_API int warden_json__hex4(const char *p, const char *end) {
    if (end - p < 4) {
        return -1;
    }
    int v = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0) {
            return -1;
        }
        v = v * 16 + d;
    }
    return v;
}

/*
 * Decodes the JSON string starting at p (at its quote) into out (NUL-terminated). Returns the
 * decoded length, WARDEN_ERR_INVALID when it is not a string, WARDEN_ERR_TOO_LARGE when it does
 * not fit in cap (including the NUL).
 */
WARDEN_API int warden_json__decode(const char *p, const char *end, char *out, int cap) {
    if (p >= end || *p != '"') {
        return WARDEN_ERR_INVALID;
    }
    int n = 0;
    for (p++; p < end && *p != '"'; p++) {
        char tmp[4];
        int k = 0;
        if (*p != '\\') {
            tmp[k++] = *p;
        } else {
            if (++p >= end) {
                return WARDEN_ERR_INVALID;
            }
            switch (*p) {
            case 'b': tmp[k++] = '\b'; break;
            case 'f': tmp[k++] = '\f'; break;
            case 'n': tmp[k++] = '\n'; break;
            case 'r': tmp[k++] = '\r'; break;
            case 't': tmp[k++] = '\t'; break;
            case 'u': {
                int cp = warden_json__hex4(p + 1, end);
                if (cp < 0) {
                    return WARDEN_ERR_INVALID;
                }
                p += 4;
                if (cp >= 0xD800 && cp <= 0xDBFF && end - p > 6 && p[1] == '\\' && p[2] == 'u') {
                    int lo = warden_json__hex4(p + 3, end);
                    if (lo >= 0xDC00 && lo <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                        p += 6;
                    }
                }
                if (cp >= 0xD800 && cp <= 0xDFFF) {
                    cp = 0xFFFD; /* a lone surrogate */
                }
                if (cp < 0x80) {
                    tmp[k++] = (char) cp;
                } else if (cp < 0x800) {
                    tmp[k++] = (char) (0xC0 | (cp >> 6));
                    tmp[k++] = (char) (0x80 | (cp & 0x3F));
                } else if (cp < 0x10000) {
                    tmp[k++] = (char) (0xE0 | (cp >> 12));
                    tmp[k++] = (char) (0x80 | ((cp >> 6) & 0x3F));
                    tmp[k++] = (char) (0x80 | (cp & 0x3F));
                } else {
                    tmp[k++] = (char) (0xF0 | (cp >> 18));
                    tmp[k++] = (char) (0x80 | ((cp >> 12) & 0x3F));
                    tmp[k++] = (char) (0x80 | ((cp >> 6) & 0x3F));
                    tmp[k++] = (char) (0x80 | (cp & 0x3F));
                }
                break;
            }
            default: tmp[k++] = *p; break; /* \" \\ \/ */
            }
        }
        for (int i = 0; i < k; i++) {
            if (n >= cap - 1) {
                return WARDEN_ERR_TOO_LARGE;
            }
            out[n++] = tmp[i];
        }
    }
    if (p >= end) {
        return WARDEN_ERR_INVALID;
    }
    if (cap > 0) {
        out[n] = 0;
    }
    return n;
}

/* The value of member `name` (n bytes) of the object at p, or 0. */
WARDEN_API const char *warden_json__member(const char *p, const char *end, const char *name, int n) {
    p = warden_json__ws(p, end);
    if (p >= end || *p != '{') {
        return 0;
    }
    p = warden_json__ws(p + 1, end);
    while (p < end && *p == '"') {
        char key[256];
        int k = warden_json__decode(p, end, key, (int) sizeof key);
        p = warden_json__skip(p, end, 0);
        if (p == 0) {
            return 0;
        }
        p = warden_json__ws(p, end);
        if (p >= end || *p != ':') {
            return 0;
        }
        p = warden_json__ws(p + 1, end);
        if (k == n && warden_memeq(key, name, n)) {
            return p;
        }
        p = warden_json__skip(p, end, 0);
        if (p == 0) {
            return 0;
        }
        p = warden_json__ws(p, end);
        if (p < end && *p == ',') {
            p = warden_json__ws(p + 1, end);
        }
    }
    return 0;
}

/* Element `index` of the array at p, or 0. */
WARDEN_API const char *warden_json__element(const char *p, const char *end, int index) {
    p = warden_json__ws(p, end);
    if (p >= end || *p != '[') {
        return 0;
    }
    p = warden_json__ws(p + 1, end);
    for (int i = 0; p < end && *p != ']'; i++) {
        if (i == index) {
            return p;
        }
        p = warden_json__skip(p, end, 0);
        if (p == 0) {
            return 0;
        }
        p = warden_json__ws(p, end);
        if (p < end && *p == ',') {
            p = warden_json__ws(p + 1, end);
        }
    }
    return 0;
}

/*
 * Finds the value at path (member name or JSON pointer) and returns its raw text: a pointer into
 * json and, in *value_len, its length (a string keeps its quotes). 0 when absent or malformed.
 */
WARDEN_API const char *warden_json_find(const char *json, int len, const char *path, int *value_len) {
    if (json == 0 || len <= 0 || path == 0) {
        return 0;
    }
    const char *end = json + len;
    const char *p = warden_json__ws(json, end);
    if (path[0] == 0) {
        /* "" is the whole document (RFC 6901) */
    } else if (path[0] != '/') {
        p = warden_json__member(p, end, path, warden_strlen(path));
    } else {
        const char *s = path;
        while (p != 0 && *s == '/') {
            char seg[256];
            int n = 0;
            for (s++; *s && *s != '/'; s++) {
                char c = *s;
                if (c == '~' && (s[1] == '0' || s[1] == '1')) {
                    c = s[1] == '0' ? '~' : '/';
                    s++;
                }
                if (n < (int) sizeof seg) {
                    seg[n++] = c;
                }
            }
            p = warden_json__ws(p, end);
            if (p < end && *p == '[') {
                int index = 0;
                int digits = n > 0 && n < 10;
                for (int i = 0; i < n && digits; i++) {
                    digits = seg[i] >= '0' && seg[i] <= '9';
                    index = index * 10 + (seg[i] - '0');
                }
                p = digits ? warden_json__element(p, end, index) : 0;
            } else {
                p = warden_json__member(p, end, seg, n);
            }
        }
    }
    if (p == 0) {
        return 0;
    }
    const char *stop = warden_json__skip(p, end, 0);
    if (stop == 0) {
        return 0;
    }
    if (value_len) {
        *value_len = (int) (stop - p);
    }
    return p;
}

/* Copies the string at path into out (decoded, NUL-terminated); returns its length or a code. */
WARDEN_API int warden_get_string(const char *json, int len, const char *path, char *out, int cap) {
    int n = 0;
    const char *v = warden_json_find(json, len, path, &n);
    if (v == 0) {
        return WARDEN_ERR_NOT_FOUND;
    }
    return warden_json__decode(v, v + n, out, cap);
}

/* Parses the JSON number text (n bytes) at p; 1 when it is one. */
WARDEN_API int warden_json__number(const char *p, int n, double *out) {
    const char *end = p + n;
    int negative = p < end && *p == '-';
    p += negative;
    if (p >= end || *p < '0' || *p > '9') {
        return 0;
    }
    unsigned long long mantissa = 0;
    int exp10 = 0;
    for (; p < end && *p >= '0' && *p <= '9'; p++) {
        if (mantissa < 100000000000000000ULL) {
            mantissa = mantissa * 10 + (unsigned) (*p - '0');
        } else {
            exp10++;
        }
    }
    if (p < end && *p == '.') {
        for (p++; p < end && *p >= '0' && *p <= '9'; p++) {
            if (mantissa < 100000000000000000ULL) {
                mantissa = mantissa * 10 + (unsigned) (*p - '0');
                exp10--;
            }
        }
    }
    if (p < end && (*p == 'e' || *p == 'E')) {
        p++;
        int eneg = p < end && *p == '-';
        if (p < end && (*p == '-' || *p == '+')) {
            p++;
        }
        int e = 0;
        for (; p < end && *p >= '0' && *p <= '9'; p++) {
            if (e < 10000) {
                e = e * 10 + (*p - '0');
            }
        }
        exp10 += eneg ? -e : e;
    }
    if (p != end) {
        return 0;
    }
    double v = (double) mantissa;
    for (; exp10 > 0 && v < 1e308; exp10--) {
        v *= 10;
    }
    for (; exp10 < 0 && v > 0; exp10++) {
        v /= 10;
    }
    *out = negative ? -v : v;
    return 1;
}

/*
 * Reads the number at path into *out. A string holding a number ("42") counts too, because
 * params typed into forms often arrive quoted. Returns 1, or NOT_FOUND / INVALID.
 */
WARDEN_API int warden_get_number(const char *json, int len, const char *path, double *out) {
    int n = 0;
    const char *v = warden_json_find(json, len, path, &n);
    if (v == 0) {
        return WARDEN_ERR_NOT_FOUND;
    }
    if (n >= 2 && v[0] == '"') {
        v++;
        n -= 2;
    }
    return warden_json__number(v, n, out) ? 1 : WARDEN_ERR_INVALID;
}

/* Reads true/false at path into *out (1/0). Returns 1, or NOT_FOUND / INVALID. */
WARDEN_API int warden_get_bool(const char *json, int len, const char *path, int *out) {
    int n = 0;
    const char *v = warden_json_find(json, len, path, &n);
    if (v == 0) {
        return WARDEN_ERR_NOT_FOUND;
    }
    if (n == 4 && warden_memeq(v, "true", 4)) {
        *out = 1;
        return 1;
    }
    if (n == 5 && warden_memeq(v, "false", 5)) {
        *out = 0;
        return 1;
    }
    return WARDEN_ERR_INVALID;
}

WARDEN_API double warden_get_number_or(const char *json, int len, const char *path, double fallback) {
    double v = 0;
    return warden_get_number(json, len, path, &v) == 1 ? v : fallback;
}

WARDEN_API long long warden_get_int_or(const char *json, int len, const char *path, long long fallback) {
    double v = 0;
    if (warden_get_number(json, len, path, &v) != 1 || v != v || v > 9.2e18 || v < -9.2e18) {
        return fallback;
    }
    return (long long) v;
}

WARDEN_API int warden_get_bool_or(const char *json, int len, const char *path, int fallback) {
    int v = 0;
    return warden_get_bool(json, len, path, &v) == 1 ? v : fallback;
}

/* The number of elements of the array at path, or NOT_FOUND / INVALID. */
WARDEN_API int warden_get_array_len(const char *json, int len, const char *path) {
    int n = 0;
    const char *v = warden_json_find(json, len, path, &n);
    if (v == 0) {
        return WARDEN_ERR_NOT_FOUND;
    }
    if (*v != '[') {
        return WARDEN_ERR_INVALID;
    }
    int count = 0;
    while (warden_json__element(v, v + n, count) != 0) {
        count++;
    }
    return count;
}

/* ---- params ----------------------------------------------------------------------------------- */

__attribute__((unused)) static char warden__config_small[WARDEN_CONFIG_INITIAL];
__attribute__((unused)) static const char *warden__config_json;
__attribute__((unused)) static int warden__config_len;
__attribute__((unused)) static int warden__config_read;

/*
 * The assignment's params JSON. Reads it once per run: first into a static buffer of
 * WARDEN_CONFIG_INITIAL bytes; when the host answers TOO_LARGE, grows linear memory and retries
 * with 64 KiB, 128 KiB ... up to WARDEN_CONFIG_MAX. Returns the length and sets *json (not
 * NUL-terminated when it came from grown memory: use the length), or a negative code with *json
 * pointing at "{}" so the param helpers still work (they answer their defaults).
 */
WARDEN_API int warden_config(const char **json) {
    if (!warden__config_read) {
        warden__config_read = 1;
        int n = warden_host_get_config(warden__config_small, (int) sizeof warden__config_small);
        const char *data = warden__config_small;
        if (n == WARDEN_ERR_TOO_LARGE) {
            /* The region starts at the current end of memory; each retry extends it in place. */
            unsigned long pages = __builtin_wasm_memory_size(0);
            char *base = (char *) (pages * 65536UL);
            int have = 0;
            for (int cap = 65536; n == WARDEN_ERR_TOO_LARGE && cap <= WARDEN_CONFIG_MAX; cap *= 2) {
                if (__builtin_wasm_memory_grow(0, (unsigned long) (cap - have) / 65536UL) == (unsigned long) -1) {
                    break;
                }
                have = cap;
                n = warden_host_get_config(base, cap);
            }
            data = base;
        }
        warden__config_len = n;
        warden__config_json = n >= 0 ? data : "{}";
    }
    if (json) {
        *json = warden__config_json;
    }
    return warden__config_len;
}

WARDEN_API int warden__params(const char **json) {
    int n = warden_config(json);
    if (n < 0) {
        *json = "{}";
        n = 2;
    }
    return n;
}

/* The string param at path (member name or JSON pointer), decoded into out; length or a code. */
WARDEN_API int warden_param_string(const char *path, char *out, int cap) {
    const char *json;
    int n = warden__params(&json);
    int rc = warden_get_string(json, n, path, out, cap);
    if (rc < 0 && cap > 0) {
        out[0] = 0;
    }
    return rc;
}

/* Like warden_param_string, but copies fallback when the param is absent, empty or unusable. */
WARDEN_API int warden_param_string_or(const char *path, char *out, int cap, const char *fallback) {
    int n = warden_param_string(path, out, cap);
    return n > 0 ? n : warden_strcpy(out, cap, fallback);
}

WARDEN_API double warden_param_number_or(const char *path, double fallback) {
    const char *json;
    int n = warden__params(&json);
    return warden_get_number_or(json, n, path, fallback);
}

WARDEN_API long long warden_param_int_or(const char *path, long long fallback) {
    const char *json;
    int n = warden__params(&json);
    return warden_get_int_or(json, n, path, fallback);
}

WARDEN_API int warden_param_bool_or(const char *path, int fallback) {
    const char *json;
    int n = warden__params(&json);
    return warden_get_bool_or(json, n, path, fallback);
}

/* 1 when the param exists (any type, null included). */
WARDEN_API int warden_param_present(const char *path) {
    const char *json;
    int n = warden__params(&json);
    int len = 0;
    return warden_json_find(json, n, path, &len) != 0;
}

/* ---- result builder --------------------------------------------------------------------------- */

__attribute__((unused)) static struct {
    int status;
    int has_summary;
    char summary[WARDEN_SUMMARY_CAP];
    int summary_len;
    char perfdata[WARDEN_PERFDATA_CAP];
    int perfdata_len;
    char metrics[WARDEN_METRICS_CAP];
    int metrics_len;
    char labels[WARDEN_LABELS_CAP];
    int labels_len;
    int dropped;
    char out[WARDEN_RESULT_CAP];
} warden__result;

/* Starts a new result: status UNKNOWN, no summary, perfdata, metrics or labels. */
WARDEN_API void warden_result_begin(void) {
    warden__result.status = WARDEN_UNKNOWN;
    warden__result.has_summary = 0;
    warden__result.summary_len = 0;
    warden__result.perfdata_len = 0;
    warden__result.metrics_len = 0;
    warden__result.labels_len = 0;
    warden__result.dropped = 0;
}

WARDEN_API void warden_result_status(int status) {
    warden__result.status = status >= WARDEN_OK && status <= WARDEN_UNKNOWN ? status : WARDEN_UNKNOWN;
}

/* Raises the status to `status` when that is worse (OK < WARNING < CRITICAL < UNKNOWN). */
WARDEN_API void warden_result_raise(int status) {
    if (status > warden__result.status && status <= WARDEN_UNKNOWN) {
        warden__result.status = status;
    }
}

WARDEN_API int warden_result_get_status(void) {
    return warden__result.status;
}

/* How many metrics, labels and perfdata items did not fit and were left out. */
WARDEN_API int warden_result_dropped(void) {
    return warden__result.dropped;
}

WARDEN_API void warden__summary_vappend(const char *fmt, __builtin_va_list ap) {
    warden_buf b = warden_buf_resume(warden__result.summary, (int) sizeof warden__result.summary, warden__result.summary_len);
    warden_buf_vprintf(&b, fmt, ap);
    if (b.overflow) {
        warden_buf_trim_utf8(&b);
    }
    warden__result.summary_len = b.len;
    warden__result.has_summary = 1;
}

/* Sets the summary from a format (printf subset); longer text is cut at WARDEN_SUMMARY_CAP. */
WARDEN_API WARDEN_PRINTF(1, 2) void warden_result_summary(const char *fmt, ...) {
    warden__result.summary_len = 0;
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    warden__summary_vappend(fmt, ap);
    __builtin_va_end(ap);
}

/* Appends to the summary. */
WARDEN_API WARDEN_PRINTF(1, 2) void warden_result_summary_add(const char *fmt, ...) {
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    warden__summary_vappend(fmt, ap);
    __builtin_va_end(ap);
}

/* Sets the perfdata string as it is (Nagios: "label=value[uom];warn;crit;min;max ..."). */
WARDEN_API void warden_result_perfdata(const char *perfdata) {
    warden_buf b = warden_buf_of(warden__result.perfdata, (int) sizeof warden__result.perfdata);
    warden_buf_put(&b, perfdata);
    if (b.overflow) {
        warden_buf_trim_utf8(&b);
    }
    warden__result.perfdata_len = b.len;
}

/* Appends one Nagios perfdata item, "label=value[uom];warn;crit" (absent thresholds empty). */
WARDEN_API void warden_result_perfdata_add(const char *label, double value, const char *uom, double warn, double crit) {
    char item[256];
    warden_buf b = warden_buf_of(item, (int) sizeof item);
    int quote = 0;
    for (const char *s = label; *s; s++) {
        quote |= *s == ' ' || *s == '=' || *s == '\'';
    }
    if (quote) {
        warden_buf_putc(&b, '\'');
    }
    for (const char *s = label; *s; s++) {
        if (*s == '\'') {
            warden_buf_putc(&b, '\'');
        }
        warden_buf_putc(&b, *s);
    }
    if (quote) {
        warden_buf_putc(&b, '\'');
    }
    warden_buf_putc(&b, '=');
    warden_buf_double(&b, value, -1);
    warden_buf_put(&b, uom ? uom : "");
    if (warden_is_finite(warn) || warden_is_finite(crit)) {
        warden_buf_putc(&b, ';');
        if (warden_is_finite(warn)) {
            warden_buf_double(&b, warn, -1);
        }
        warden_buf_putc(&b, ';');
        if (warden_is_finite(crit)) {
            warden_buf_double(&b, crit, -1);
        }
    }
    int need = b.len + (warden__result.perfdata_len > 0 ? 1 : 0);
    if (b.overflow || warden__result.perfdata_len + need >= (int) sizeof warden__result.perfdata) {
        warden__result.dropped++;
        return;
    }
    warden_buf p = warden_buf_resume(warden__result.perfdata, (int) sizeof warden__result.perfdata, warden__result.perfdata_len);
    if (p.len > 0) {
        warden_buf_putc(&p, ' ');
    }
    warden_buf_putn(&p, item, b.len);
    warden__result.perfdata_len = p.len;
}

/*
 * Adds a metric with optional bounds; pass WARDEN_NONE for an absent warn, crit, min or max and
 * "" or 0 for no unit. A metric that no longer fits (or has a value that is not finite) is
 * dropped and counted by warden_result_dropped.
 */
WARDEN_API void warden_result_metric_full(const char *name, double value, const char *unit, double warn,
                                          double crit, double min, double max) {
    char item[512];
    warden_json w = warden_json_of(item, (int) sizeof item);
    warden_json_object_begin(&w);
    warden_json_kv_string(&w, "name", name);
    warden_json_kv_number(&w, "value", value);
    if (unit && unit[0]) {
        warden_json_kv_string(&w, "unit", unit);
    }
    if (warden_is_finite(warn)) {
        warden_json_kv_number(&w, "warn", warn);
    }
    if (warden_is_finite(crit)) {
        warden_json_kv_number(&w, "crit", crit);
    }
    if (warden_is_finite(min)) {
        warden_json_kv_number(&w, "min", min);
    }
    if (warden_is_finite(max)) {
        warden_json_kv_number(&w, "max", max);
    }
    warden_json_object_end(&w);
    int need = w.b.len + (warden__result.metrics_len > 0 ? 1 : 0);
    if (!warden_json_ok(&w) || !warden_is_finite(value)
        || warden__result.metrics_len + need >= (int) sizeof warden__result.metrics) {
        warden__result.dropped++;
        return;
    }
    warden_buf m = warden_buf_resume(warden__result.metrics, (int) sizeof warden__result.metrics, warden__result.metrics_len);
    if (m.len > 0) {
        warden_buf_putc(&m, ',');
    }
    warden_buf_putn(&m, item, w.b.len);
    warden__result.metrics_len = m.len;
}

/* Adds a metric {"name","value","unit","warn","crit"}; WARDEN_NONE leaves warn/crit out. */
WARDEN_API void warden_result_metric(const char *name, double value, const char *unit, double warn, double crit) {
    warden_result_metric_full(name, value, unit, warn, crit, WARDEN_NONE, WARDEN_NONE);
}

/* Adds a label (string key and value); one that no longer fits is dropped. */
WARDEN_API void warden_result_label(const char *key, const char *value) {
    warden_buf l = warden_buf_resume(warden__result.labels, (int) sizeof warden__result.labels, warden__result.labels_len);
    if (l.len > 0) {
        warden_buf_putc(&l, ',');
    }
    warden_buf_putc(&l, '"');
    warden_buf_json_escaped(&l, key, warden_strlen(key));
    warden_buf_put(&l, "\":\"");
    warden_buf_json_escaped(&l, value, warden_strlen(value));
    warden_buf_putc(&l, '"');
    if (l.overflow) {
        warden__result.labels[warden__result.labels_len] = 0;
        warden__result.dropped++;
        return;
    }
    warden__result.labels_len = l.len;
}

/*
 * The status a value earns against thresholds: higher is worse when warn <= crit (latency:
 * above warn WARNING, above crit CRITICAL), lower is worse when warn > crit (days left: below
 * warn WARNING, below crit CRITICAL). WARDEN_NONE disables a threshold.
 */
WARDEN_API int warden_threshold_status(double value, double warn, double crit) {
    int descending = warden_is_finite(warn) && warden_is_finite(crit) && warn > crit;
    if (descending) {
        return value < crit ? WARDEN_CRITICAL : value < warn ? WARDEN_WARNING : WARDEN_OK;
    }
    if (warden_is_finite(crit) && value > crit) {
        return WARDEN_CRITICAL;
    }
    if (warden_is_finite(warn) && value > warn) {
        return WARDEN_WARNING;
    }
    return WARDEN_OK;
}

/*
 * Encodes the result as {"status","summary","perfdata","metrics":[..],"labels":{..}} (empty
 * parts left out) and hands it to submit_result. Returns the host's code (0 accepted).
 */
WARDEN_API int warden_result_submit(void) {
    warden_buf b = warden_buf_of(warden__result.out, (int) sizeof warden__result.out);
    warden_buf_put(&b, "{\"status\":\"");
    warden_buf_put(&b, warden_status_name(warden__result.status));
    warden_buf_putc(&b, '"');
    if (warden__result.has_summary) {
        warden_buf_put(&b, ",\"summary\":\"");
        warden_buf_json_escaped(&b, warden__result.summary, warden__result.summary_len);
        warden_buf_putc(&b, '"');
    }
    if (warden__result.perfdata_len > 0) {
        warden_buf_put(&b, ",\"perfdata\":\"");
        warden_buf_json_escaped(&b, warden__result.perfdata, warden__result.perfdata_len);
        warden_buf_putc(&b, '"');
    }
    if (warden__result.metrics_len > 0) {
        warden_buf_put(&b, ",\"metrics\":[");
        warden_buf_putn(&b, warden__result.metrics, warden__result.metrics_len);
        warden_buf_putc(&b, ']');
    }
    if (warden__result.labels_len > 0) {
        warden_buf_put(&b, ",\"labels\":{");
        warden_buf_putn(&b, warden__result.labels, warden__result.labels_len);
        warden_buf_putc(&b, '}');
    }
    warden_buf_putc(&b, '}');
    if (b.overflow) {
        return WARDEN_ERR_TOO_LARGE; /* only when WARDEN_RESULT_CAP was set below the parts' caps */
    }
    return warden_host_submit_result(b.data, b.len);
}

/* Submits a result of just a status and a formatted summary. */
WARDEN_API WARDEN_PRINTF(2, 3) int warden_submit(int status, const char *fmt, ...) {
    warden_result_begin();
    warden_result_status(status);
    __builtin_va_list ap;
    __builtin_va_start(ap, fmt);
    warden__summary_vappend(fmt, ap);
    __builtin_va_end(ap);
    return warden_result_submit();
}

/* ---- clock (WASI) ------------------------------------------------------------------------------ */

/* Milliseconds on the monotonic clock (needs `runtime: wasi-preview1`); 0 if unavailable. */
WARDEN_API long long warden_now_ms(void) {
    unsigned long long ns = 0;
    return warden_wasi_clock_time_get(1, 1000, &ns) == 0 ? (long long) (ns / 1000000ULL) : 0;
}

/* Microseconds on the monotonic clock (needs `runtime: wasi-preview1`); 0 if unavailable. */
WARDEN_API long long warden_now_us(void) {
    unsigned long long ns = 0;
    return warden_wasi_clock_time_get(1, 1000, &ns) == 0 ? (long long) (ns / 1000ULL) : 0;
}

/* Seconds since the Unix epoch on the wall clock (needs `runtime: wasi-preview1`); 0 if unavailable. */
WARDEN_API long long warden_unix_seconds(void) {
    unsigned long long ns = 0;
    return warden_wasi_clock_time_get(0, 1000000000ULL, &ns) == 0 ? (long long) (ns / 1000000000ULL) : 0;
}

/* ---- HTTP ---------------------------------------------------------------------------------------- */

__attribute__((unused)) static char warden__http_request[WARDEN_HTTP_REQUEST_CAP];

/*
 * One HTTP exchange in status_body mode. headers_json is an encoded JSON object of string values
 * ("{\"Accept\":\"application/json\"}") or 0; body (body_len bytes, may be 0) is sent as text.
 * The response body lands at the start of out (NUL-terminated when there is room, which there
 * always is unless the body fills out exactly) and *status gets the HTTP status. Returns the body
 * length, or a code: TOO_LARGE when the response does not fit in cap (or the request in
 * WARDEN_HTTP_REQUEST_CAP), DENIED when the grant does not allow the URL, TIMEOUT ...
 */
WARDEN_API int warden_http(const char *method, const char *url, const char *headers_json, const char *body,
                           int body_len, int timeout_ms, int *status, char *out, int cap) {
    warden_json w = warden_json_of(warden__http_request, (int) sizeof warden__http_request);
    warden_json_object_begin(&w);
    warden_json_kv_string(&w, "method", method ? method : "GET");
    warden_json_kv_string(&w, "url", url);
    if (headers_json && headers_json[0]) {
        warden_json_key(&w, "headers");
        warden_json_raw(&w, headers_json, warden_strlen(headers_json));
    }
    if (body) {
        warden_json_key(&w, "body");
        warden_json_string_n(&w, body, body_len);
    }
    if (timeout_ms > 0) {
        warden_json_kv_int(&w, "timeout_ms", timeout_ms);
    }
    warden_json_kv_string(&w, "response_mode", "status_body");
    warden_json_object_end(&w);
    if (status) {
        *status = 0;
    }
    if (!warden_json_ok(&w)) {
        return WARDEN_ERR_TOO_LARGE;
    }
    int n = warden_host_http_request(w.b.data, w.b.len, out, cap);
    if (n < 0) {
        return n;
    }
    int code = 0;
    int i = 0;
    while (i < n && i < 4 && out[i] >= '0' && out[i] <= '9') {
        code = code * 10 + (out[i++] - '0');
    }
    if (i == 0 || i >= n || out[i] != '\n') {
        return WARDEN_ERR_INTERNAL; /* not the status_body form */
    }
    i++;
    for (int k = i; k < n; k++) {
        out[k - i] = out[k];
    }
    n -= i;
    if (n < cap) {
        out[n] = 0;
    }
    if (status) {
        *status = code;
    }
    return n;
}

/* GETs url: *status = HTTP status, the body in out; returns the body length or a code. */
WARDEN_API int warden_http_get(const char *url, int timeout_ms, int *status, char *out, int cap) {
    return warden_http("GET", url, 0, 0, 0, timeout_ms, status, out, cap);
}

/* ---- TCP, UDP, DNS, TLS ---------------------------------------------------------------------- */

/* Connects to host:port; returns a handle (> 0) or a code (DENIED, TIMEOUT, INTERNAL = refused). */
WARDEN_API int warden_tcp_connect(const char *host, int port, int timeout_ms) {
    return warden_host_tcp_connect(host, warden_strlen(host), port, timeout_ms);
}

/* Reads up to cap bytes; returns the count, 0 at end of stream, or a code (TIMEOUT ...). */
WARDEN_API int warden_tcp_read(int handle, char *buf, int cap, int timeout_ms) {
    return warden_host_tcp_read(handle, buf, cap, timeout_ms);
}

/* Writes all len bytes (looping over short writes); returns len or a code. */
WARDEN_API int warden_tcp_write(int handle, const char *buf, int len, int timeout_ms) {
    int done = 0;
    while (done < len) {
        int n = warden_host_tcp_write(handle, buf + done, len - done, timeout_ms);
        if (n < 0) {
            return n;
        }
        if (n == 0) {
            return WARDEN_ERR_INTERNAL;
        }
        done += n;
    }
    return done;
}

WARDEN_API int warden_tcp_close(int handle) {
    return warden_host_tcp_close(handle);
}

/* Sends one datagram; returns the bytes sent or a code. */
WARDEN_API int warden_udp_send(const char *host, int port, const char *buf, int len, int timeout_ms) {
    return warden_host_udp_sendto(host, warden_strlen(host), port, buf, len, timeout_ms);
}

/* The RR type number for "A", "aaaa", "MX" ...; WARDEN_ERR_INVALID for an unknown name. */
WARDEN_API int warden_dns_type(const char *name) {
    static const struct {
        const char *name;
        int type;
    } types[] = {{"A", 1}, {"NS", 2}, {"CNAME", 5}, {"PTR", 12}, {"MX", 15}, {"TXT", 16}, {"AAAA", 28}, {"SRV", 33}};
    for (int i = 0; i < (int) (sizeof types / sizeof types[0]); i++) {
        const char *a = types[i].name;
        const char *b = name;
        while (*a && (*b == *a || *b == *a + ('a' - 'A'))) {
            a++;
            b++;
        }
        if (*a == 0 && *b == 0) {
            return types[i].type;
        }
    }
    return WARDEN_ERR_INVALID;
}

/*
 * Resolves name (type: WARDEN_DNS_A ...) into out as {"name","type","records":["..."],"ttl"};
 * read records with warden_get_array_len(out, n, "/records") and "/records/<i>". Returns the
 * length or a code (NOT_FOUND: no such name or no records of that type).
 */
WARDEN_API int warden_dns_lookup(const char *name, int type, char *out, int cap) {
    return warden_host_dns_lookup(name, warden_strlen(name), type, out, cap);
}

/*
 * Shakes hands with the TLS server at host:port (the host name is also the SNI) and writes what it
 * showed into out: {"protocol","cipher_suite","verified","verification_error","chain":[{...,
 * "not_after","days_left",...}]}, leaf first; "/chain/0/days_left" is the leaf's days to expiry.
 * A chain that does not verify is no error (verified is false). Returns the length or a code.
 */
WARDEN_API int warden_tls_inspect(const char *host, int port, char *out, int cap) {
    return warden_host_tls_inspect(host, warden_strlen(host), port, out, cap);
}

#endif /* WARDEN_H */
