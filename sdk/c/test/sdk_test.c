/*
 * Exercises warden.h inside a real wasm32 module. The host side (run.mjs, on Node's
 * WebAssembly) provides the env imports, feeds params and responses, and compares what each
 * test reports through log lines "name=value" with the expected text.
 */
#include "warden.h"

static void report(const char *name, const char *value) {
    warden_log_info("%s=%s", name, value);
}

static void report_int(const char *name, long long value) {
    warden_log_info("%s=%lld", name, value);
}

static void test_writer(void) {
    char out[256];
    warden_json w = warden_json_of(out, (int) sizeof out);
    warden_json_object_begin(&w);
    warden_json_kv_string(&w, "s", "q\"b\\n\nt\t\x01");
    warden_json_kv_int(&w, "i", -42);
    warden_json_key(&w, "a");
    warden_json_array_begin(&w);
    warden_json_number(&w, 2.5);
    warden_json_number(&w, 1e20);
    warden_json_number(&w, 0.001234);
    warden_json_number(&w, 1.0 / 3);
    warden_json_number(&w, 0.0000001);
    warden_json_number(&w, WARDEN_NONE);
    warden_json_bool(&w, 1);
    warden_json_null(&w);
    warden_json_object_begin(&w);
    warden_json_object_end(&w);
    warden_json_array_end(&w);
    warden_json_kv_bool(&w, "f", 0);
    warden_json_object_end(&w);
    report("writer", out);
    report_int("writer_ok", warden_json_ok(&w));

    char tiny[8];
    warden_json t = warden_json_of(tiny, (int) sizeof tiny);
    warden_json_object_begin(&t);
    warden_json_kv_string(&t, "long", "value");
    warden_json_object_end(&t);
    report_int("overflow_ok", warden_json_ok(&t));
    report("overflow_prefix", tiny);

    warden_json u = warden_json_of(out, (int) sizeof out);
    warden_json_array_begin(&u);
    report_int("unclosed_ok", warden_json_ok(&u));
}

static void test_reader(void) {
    static const char doc[] =
        " {\"skip\":{\"url\":\"no\"},\"url\" : \"http://x/\\u00e9\\\"\", \"n\": -12.5e1, \"q\":\"7\","
        "\"b\":true, \"data\":{\"items\":[{\"v\":1},{\"v\":[10,20,30]}],\"a/b\":{\"~k\":3}}}";
    int len = (int) sizeof doc - 1;
    char s[64];
    int n = warden_get_string(doc, len, "url", s, (int) sizeof s);
    report_int("url_len", n);
    report("url", s);
    report_int("n", (long long) warden_get_number_or(doc, len, "n", 0));
    report_int("q", warden_get_int_or(doc, len, "q", 0));
    report_int("b", warden_get_bool_or(doc, len, "b", 0));
    report_int("ptr", warden_get_int_or(doc, len, "/data/items/1/v/2", -1));
    report_int("ptr_escaped", warden_get_int_or(doc, len, "/data/a~1b/~0k", -1));
    report_int("missing", warden_get_string(doc, len, "nope", s, (int) sizeof s));
    report_int("wrong_type", warden_get_string(doc, len, "n", s, (int) sizeof s));
    report_int("too_small", warden_get_string(doc, len, "url", s, 4));
    report_int("array_len", warden_get_array_len(doc, len, "/data/items/1/v"));
    report_int("nested_url", warden_get_string(doc, len, "/skip/url", s, (int) sizeof s));
    int raw = 0;
    const char *v = warden_json_find(doc, len, "/data/items/0", &raw);
    report_int("raw_len", v ? raw : -1);
    report_int("whole_doc", warden_get_int_or("  12 ", 5, "", -1));
    report_int("bad_json", warden_get_int_or("{\"a\":[1,", 8, "/a/1", -9));
}

static void test_format(void) {
    char out[128];
    warden_format(out, (int) sizeof out, "%s|%5s|%-3d|%03d|%.2f|%f|%x|%c|%%|%.*s|%lld|%u", "a", "bc", 7, 5, 3.14159, 0.5,
                  255, 'z', 2, "xyz", -9000000000LL, 4000000000U);
    report("format", out);
    char small[6];
    report_int("format_trunc_len", warden_format(small, (int) sizeof small, "%s", "abcdefgh"));
    report("format_trunc", small);
}

static void test_config(void) {
    const char *json;
    int n = warden_config(&json);
    report_int("config_len", n);
    char last[16];
    report_int("config_last", warden_param_string("last", last, (int) sizeof last));
    report("config_last_value", last);
    report_int("config_timeout", warden_param_int_or("timeout_ms", 5));
    report_int("config_default", warden_param_int_or("absent", 5));
}

static void test_result(void) {
    warden_result_begin();
    warden_result_status(WARDEN_OK);
    warden_result_summary("hello %s", "w\"orld");
    warden_result_summary_add(" in %dms", 12);
    warden_result_raise(WARDEN_WARNING);
    warden_result_raise(WARDEN_OK);
    warden_result_metric("latency_ms", 12, "ms", 200, 500);
    warden_result_metric_full("ratio", 0.25, "", WARDEN_NONE, WARDEN_NONE, 0, 1);
    warden_result_metric("bad", WARDEN_NONE, "", WARDEN_NONE, WARDEN_NONE);
    warden_result_perfdata_add("latency ms", 12, "ms", 200, 500);
    warden_result_perfdata_add("n", 3, "", WARDEN_NONE, WARDEN_NONE);
    warden_result_label("target", "a\\b");
    report_int("dropped", warden_result_dropped());
    report_int("submit_rc", warden_result_submit());
    report_int("threshold_up", warden_threshold_status(300, 200, 500));
    report_int("threshold_up_crit", warden_threshold_status(501, 200, 500));
    report_int("threshold_down", warden_threshold_status(10, 30, 7));
    report_int("threshold_down_crit", warden_threshold_status(3, 30, 7));
    report_int("threshold_none", warden_threshold_status(3, WARDEN_NONE, WARDEN_NONE));
}

static void test_http(void) {
    static char body[256];
    int status = 0;
    int n = warden_http_get("http://127.0.0.1:1/x?a=\"b\"", 1500, &status, body, (int) sizeof body);
    report_int("http_len", n);
    report_int("http_status", status);
    report("http_body", body);
    report_int("http_value", warden_get_int_or(body, n, "/x/y", -1));
    report_int("http_small", warden_http_get("http://127.0.0.1:1/big", 0, &status, body, 8));
    report_int("dns_type_aaaa", warden_dns_type("aaaa"));
    report_int("dns_type_bad", warden_dns_type("AX"));
    report("code_name", warden_code_name(WARDEN_ERR_TIMEOUT));
}

WARDEN_EXPORT("run_tests") void run_tests(void) {
    test_writer();
    test_reader();
    test_format();
    test_config();
    test_result();
    test_http();
}
