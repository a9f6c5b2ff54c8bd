/*
 * http-json: GETs a URL and checks its status code, its latency and, optionally, one value of its
 * JSON body (by JSON pointer) against thresholds or an expected value.
 *
 * Params (config.schema.json):
 *   {"url":"https://api.example.com/health","expect_status":200,"timeout_ms":5000,
 *    "pointer":"/queue/depth","warn":100,"crit":500,"expect_value":"UP",
 *    "latency_warn_ms":1000,"latency_crit_ms":3000,"headers":{"Accept":"application/json"}}
 *
 * Status:
 *   UNKNOWN   bad params, the request was denied by the grant or is too large, the body is not
 *             JSON / has no value at the pointer, or a number was expected and something else came
 *   CRITICAL  no answer (refused, timeout), another status than expect_status, the value is past
 *             crit, the value differs from expect_value, the latency is over latency_crit_ms
 *   WARNING   the value is past warn, the latency is over latency_warn_ms
 *   OK        otherwise
 * Thresholds: with warn <= crit a value above them alerts (a queue depth), with warn > crit a
 * value below them (free space); one threshold alone alerts above it. Metrics latency_ms, status, response_bytes, value (when a number).
 */
#include "warden.h"

WARDEN_DECLARE_ABI_V1

/* The response body: room for 1 MiB (the manifest caps responses at 1 MiB too). */
static char body[1048576 + 1];

static void value_text(const char *v, int n, char *out, int cap) {
    if (n > 0 && v[0] == '"' && warden_get_string(v, n, "", out, cap) >= 0) {
        return;
    }
    warden_format(out, cap, "%.*s", n, v);
}

WARDEN_EXPORT("run_check") void run_check(void) {
    char url[2048];
    char pointer[512];
    char expect_value[512];
    char headers[2048];
    if (warden_param_string("url", url, (int) sizeof url) <= 0) {
        warden_submit(WARDEN_UNKNOWN, "http-json: params need a url");
        return;
    }
    int has_pointer = warden_param_string("pointer", pointer, (int) sizeof pointer) > 0;
    int expect_status = (int) warden_param_int_or("expect_status", 200);
    int timeout_ms = (int) warden_param_int_or("timeout_ms", 5000);
    double warn = warden_param_number_or("warn", WARDEN_NONE);
    double crit = warden_param_number_or("crit", WARDEN_NONE);
    double latency_warn = warden_param_number_or("latency_warn_ms", WARDEN_NONE);
    double latency_crit = warden_param_number_or("latency_crit_ms", WARDEN_NONE);

    /* Headers pass through as the JSON object the operator wrote. */
    const char *params;
    int params_len = warden_config(&params);
    int headers_len = 0;
    const char *raw_headers = params_len > 0 ? warden_json_find(params, params_len, "headers", &headers_len) : 0;
    headers[0] = 0;
    if (raw_headers && raw_headers[0] == '{' && headers_len < (int) sizeof headers) {
        warden_format(headers, (int) sizeof headers, "%.*s", headers_len, raw_headers);
    }
    /* expect_value may be any JSON scalar: "UP", true, 3 are compared as text. */
    int expect_len = 0;
    const char *raw_expect = params_len > 0 ? warden_json_find(params, params_len, "expect_value", &expect_len) : 0;
    int has_expect = raw_expect != 0 && !(expect_len == 4 && warden_memeq(raw_expect, "null", 4));
    if (has_expect) {
        value_text(raw_expect, expect_len, expect_value, (int) sizeof expect_value);
    }

    warden_result_begin();
    warden_result_label("url", url);
    if (has_pointer) {
        warden_result_label("pointer", pointer);
    }
    warden_log_debug("http-json: GET %s", url);
    long long started = warden_now_ms();
    int status = 0;
    int n = warden_http("GET", url, headers, 0, 0, timeout_ms, &status, body, (int) sizeof body);
    long long latency = warden_now_ms() - started;

    if (n < 0) {
        int down = n == WARDEN_ERR_TIMEOUT || n == WARDEN_ERR_INTERNAL;
        warden_result_status(down ? WARDEN_CRITICAL : WARDEN_UNKNOWN);
        if (n == WARDEN_ERR_DENIED) {
            warden_result_summary("GET %s denied: the assignment's grant does not allow this host or port", url);
        } else if (n == WARDEN_ERR_TIMEOUT) {
            warden_result_summary("GET %s timed out after %lldms", url, latency);
        } else if (n == WARDEN_ERR_TOO_LARGE) {
            warden_result_summary("GET %s: the response is larger than the plugin's or the manifest's limit", url);
        } else {
            warden_result_summary("GET %s failed: %s (%d)", url, warden_code_name(n), n);
        }
        warden_result_metric("latency_ms", (double) latency, "ms", latency_warn, latency_crit);
        warden_result_submit();
        return;
    }

    warden_result_status(WARDEN_OK);
    warden_result_summary("http %d in %lldms", status, latency);
    warden_result_metric("latency_ms", (double) latency, "ms", latency_warn, latency_crit);
    warden_result_metric("status", status, "", WARDEN_NONE, WARDEN_NONE);
    warden_result_metric("response_bytes", n, "B", WARDEN_NONE, WARDEN_NONE);
    warden_result_perfdata_add("latency_ms", (double) latency, "ms", latency_warn, latency_crit);
    if (status != expect_status) {
        warden_result_status(WARDEN_CRITICAL);
        warden_result_summary_add(", expected %d", expect_status);
        warden_result_submit();
        return;
    }
    int latency_status = warden_threshold_status((double) latency, latency_warn, latency_crit);
    if (latency_status != WARDEN_OK) {
        warden_result_raise(latency_status);
        warden_result_summary_add(" (%s: latency over %gms)", warden_status_name(latency_status),
                                  latency_status == WARDEN_CRITICAL ? latency_crit : latency_warn);
    }
    if (!has_pointer) {
        warden_result_submit();
        return;
    }

    int value_len = 0;
    const char *value = warden_json_find(body, n, pointer, &value_len);
    if (value == 0) {
        warden_result_status(WARDEN_UNKNOWN);
        warden_result_summary_add("; no value at %s in the response (not JSON, or no such member)", pointer);
        warden_result_submit();
        return;
    }
    char text[256];
    value_text(value, value_len, text, (int) sizeof text);
    warden_result_summary_add(", %s = %s", pointer, text);
    warden_result_label("value", text);
    if (has_expect && !warden_streq(text, expect_value)) {
        warden_result_status(WARDEN_CRITICAL);
        warden_result_summary_add(", expected %s", expect_value);
    }
    double number = 0;
    int is_number = warden_get_number(body, n, pointer, &number) == 1;
    if (is_number) {
        warden_result_metric("value", number, "", warn, crit);
        warden_result_perfdata_add("value", number, "", warn, crit);
    }
    if (warden_is_finite(warn) || warden_is_finite(crit)) {
        if (!is_number) {
            warden_result_status(WARDEN_UNKNOWN);
            warden_result_summary_add(" is not a number, thresholds cannot apply");
        } else {
            int value_status = warden_threshold_status(number, warn, crit);
            if (value_status != WARDEN_OK) {
                int descending = warden_is_finite(warn) && warden_is_finite(crit) && warn > crit;
                warden_result_summary_add(" (%s: %s %g)", warden_status_name(value_status),
                                          descending ? "below" : "above",
                                          value_status == WARDEN_CRITICAL ? crit : warn);
                warden_result_raise(value_status);
            }
        }
    }
    warden_result_submit();
}
