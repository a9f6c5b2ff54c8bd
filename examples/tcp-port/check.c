/*
 * tcp-port: connects to host:port and times it; optionally sends a string and checks that what
 * the server says (its banner or its answer) contains an expected text.
 *
 * Params (config.schema.json):
 *   {"host":"mail.example.com","port":25,"timeout_ms":5000,"warn_ms":200,"crit_ms":1000,
 *    "send":"","expect_banner":"220 ","read_banner":false,"max_bytes":4096}
 *
 * Status:
 *   UNKNOWN   bad params, or the grant does not allow host/port (DENIED)
 *   CRITICAL  refused/unreachable, connect timeout, no expected text within timeout_ms,
 *             connect time over crit_ms
 *   WARNING   connect time over warn_ms
 *   OK        otherwise
 * Metrics connect_ms (warn/crit) and, when the plugin read, response_ms and banner_bytes.
 * Labels host, port and banner (its first line, printable ASCII, at most 80 characters).
 */
#include "warden.h"

WARDEN_DECLARE_ABI_V1

static char banner[65536 + 1];

/* The first line of the banner as printable ASCII, for summaries and labels. */
static void first_line(const char *data, int n, char *out, int cap) {
    int k = 0;
    for (int i = 0; i < n && k < cap - 1 && k < 80 && data[i] != '\r' && data[i] != '\n'; i++) {
        char c = data[i];
        out[k++] = c >= 0x20 && c < 0x7f ? c : '.';
    }
    out[k] = 0;
}

WARDEN_EXPORT("run_check") void run_check(void) {
    char host[256];
    char send[2048];
    char expect[512];
    char port_text[8];
    int port = (int) warden_param_int_or("port", 0);
    if (warden_param_string("host", host, (int) sizeof host) <= 0 || port < 1 || port > 65535) {
        warden_submit(WARDEN_UNKNOWN, "tcp-port: params need a host and a port (1-65535)");
        return;
    }
    int timeout_ms = (int) warden_param_int_or("timeout_ms", 5000);
    double warn_ms = warden_param_number_or("warn_ms", WARDEN_NONE);
    double crit_ms = warden_param_number_or("crit_ms", WARDEN_NONE);
    int send_len = warden_param_string("send", send, (int) sizeof send);
    int has_expect = warden_param_string("expect_banner", expect, (int) sizeof expect) > 0;
    int max_bytes = (int) warden_param_int_or("max_bytes", 4096);
    if (max_bytes < 1 || max_bytes > (int) sizeof banner - 1) {
        max_bytes = (int) sizeof banner - 1;
    }
    int read = has_expect || warden_param_bool_or("read_banner", 0);

    warden_result_begin();
    warden_format(port_text, (int) sizeof port_text, "%d", port);
    warden_result_label("host", host);
    warden_result_label("port", port_text);

    long long started = warden_now_ms();
    int handle = warden_tcp_connect(host, port, timeout_ms);
    long long connect_ms = warden_now_ms() - started;
    if (handle < 0) {
        if (handle == WARDEN_ERR_TIMEOUT) {
            warden_result_status(WARDEN_CRITICAL);
            warden_result_summary("connect to %s:%d timed out after %lldms", host, port, connect_ms);
        } else if (handle == WARDEN_ERR_INTERNAL) {
            warden_result_status(WARDEN_CRITICAL);
            warden_result_summary("connect to %s:%d failed: refused or unreachable", host, port);
        } else if (handle == WARDEN_ERR_DENIED) {
            warden_result_status(WARDEN_UNKNOWN);
            warden_result_summary("connect to %s:%d denied: the assignment's grant does not allow it", host, port);
        } else {
            warden_result_status(WARDEN_UNKNOWN);
            warden_result_summary("connect to %s:%d failed: %s (%d)", host, port, warden_code_name(handle), handle);
        }
        warden_result_metric("connect_ms", (double) connect_ms, "ms", warn_ms, crit_ms);
        warden_result_submit();
        return;
    }

    warden_result_status(warden_threshold_status((double) connect_ms, warn_ms, crit_ms));
    warden_result_summary("%s:%d connected in %lldms", host, port, connect_ms);
    warden_result_metric("connect_ms", (double) connect_ms, "ms", warn_ms, crit_ms);
    warden_result_perfdata_add("connect_ms", (double) connect_ms, "ms", warn_ms, crit_ms);
    if (warden_result_get_status() != WARDEN_OK) {
        warden_result_summary_add(" (over %gms)", warden_result_get_status() == WARDEN_CRITICAL ? crit_ms : warn_ms);
    }

    if (send_len > 0) {
        int rc = warden_tcp_write(handle, send, send_len, timeout_ms);
        if (rc < 0) {
            warden_result_status(WARDEN_CRITICAL);
            warden_result_summary_add(", sending failed: %s", warden_code_name(rc));
            warden_tcp_close(handle);
            warden_result_submit();
            return;
        }
    }

    if (read) {
        /* Read until the expected text shows up, the server closes, max_bytes or timeout_ms. */
        long long read_started = warden_now_ms();
        int n = 0;
        int rc = 0;
        int found = 0;
        while (n < max_bytes) {
            long long left = timeout_ms - (warden_now_ms() - read_started);
            if (left <= 0) {
                rc = WARDEN_ERR_TIMEOUT;
                break;
            }
            rc = warden_tcp_read(handle, banner + n, max_bytes - n, (int) left);
            if (rc <= 0) {
                break;
            }
            n += rc;
            banner[n] = 0;
            found = has_expect && warden_contains(banner, n, expect);
            if (found || (!has_expect && n > 0 && warden_contains(banner, n, "\n"))) {
                break;
            }
        }
        long long response_ms = warden_now_ms() - read_started;
        char line[96];
        first_line(banner, n, line, (int) sizeof line);
        warden_result_metric("response_ms", (double) response_ms, "ms", WARDEN_NONE, WARDEN_NONE);
        warden_result_metric("banner_bytes", n, "B", WARDEN_NONE, WARDEN_NONE);
        if (n > 0) {
            warden_result_label("banner", line);
        }
        if (has_expect && !found) {
            warden_result_status(WARDEN_CRITICAL);
            if (n == 0) {
                warden_result_summary_add(", no answer (%s) within %dms, expected \"%s\"",
                                          rc == 0 ? "closed" : warden_code_name(rc), timeout_ms, expect);
            } else {
                warden_result_summary_add(", answer \"%s\" does not contain \"%s\"", line, expect);
            }
        } else if (n > 0) {
            warden_result_summary_add(", banner \"%s\"", line);
        }
    }
    warden_tcp_close(handle);
    warden_result_submit();
}
