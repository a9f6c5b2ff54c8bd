/*
 * tls-expiry: how many days until a TLS server's certificate expires.
 *
 * Params (config.schema.json): {"host":"example.com","port":443,"warn_days":30,"crit_days":7,
 * "allow_unverified":false}
 *
 * The host connects and shakes hands on the plugin's behalf (tls_inspect, egress policy applies:
 * the operator must grant the host and the port), and answers the peer's chain as JSON with
 * days_left worked out for each certificate. The leaf decides:
 *   CRITICAL  expired, or fewer than crit_days left
 *   WARNING   fewer than warn_days left, or the chain does not verify (trust store or host name)
 *             unless allow_unverified is true
 *   OK        otherwise
 *   UNKNOWN   bad params, or tls_inspect answered an error code (DENIED, TIMEOUT ...)
 * Metric days_left (unit "d"), perfdata days_left=N;W:;C: (Nagios: alert below), labels host, port,
 * verified, protocol, not_after.
 */
#include "warden.h"

/*
 * tls_inspect(host_ptr, host_len, port, out_ptr, out_cap) -> i32, served by the egress bundle:
 * writes {"protocol","cipher_suite","verified","verification_error","chain":[{"subject","issuer",
 * "serial","not_before","not_after","days_left","san":[..],"sha256"}]} and returns its length.
 */
WARDEN_IMPORT("tls_inspect") int tls_inspect(const char *host, int host_len, int port, char *out, int out_cap);

/* A chain of a few certificates with a hundred names each still fits. */
static char peer[32768];

static void label_int(const char *key, long long v) {
    char text[24];
    warden_format(text, (int) sizeof text, "%lld", v);
    warden_result_label(key, text);
}

WARDEN_EXPORT("run_check") void run_check(void) {
    char host[256];
    if (warden_param_string("host", host, (int) sizeof host) <= 0) {
        warden_submit(WARDEN_UNKNOWN, "tls-expiry: params need a host");
        return;
    }
    long long port = warden_param_int_or("port", 443);
    long long warn_days = warden_param_int_or("warn_days", 30);
    long long crit_days = warden_param_int_or("crit_days", 7);
    int allow_unverified = warden_param_bool_or("allow_unverified", 0);
    if (port < 1 || port > 65535) {
        warden_submit(WARDEN_UNKNOWN, "tls-expiry: port %lld is out of range", port);
        return;
    }

    int n = tls_inspect(host, warden_strlen(host), (int) port, peer, (int) sizeof peer);
    warden_result_begin();
    warden_result_label("host", host);
    label_int("port", port);
    if (n < 0) {
        warden_log_warn("tls-expiry: tls_inspect %s:%lld failed: %s", host, port, warden_code_name(n));
        warden_result_status(WARDEN_UNKNOWN);
        warden_result_summary("tls_inspect %s:%lld failed: %s (%d)", host, port, warden_code_name(n), n);
        warden_result_submit();
        return;
    }

    double days = 0;
    if (warden_get_number(peer, n, "/chain/0/days_left", &days) != 1) {
        warden_result_status(WARDEN_UNKNOWN);
        warden_result_summary("%s:%lld sent no certificate", host, port);
        warden_result_submit();
        return;
    }
    long long days_left = (long long) days;
    char not_after[64];
    char subject[256];
    char protocol[32];
    char error[320];
    int verified = warden_get_bool_or(peer, n, "verified", 0);
    warden_get_string(peer, n, "/chain/0/not_after", not_after, (int) sizeof not_after);
    warden_get_string(peer, n, "/chain/0/subject", subject, (int) sizeof subject);
    warden_get_string(peer, n, "protocol", protocol, (int) sizeof protocol);
    if (warden_get_string(peer, n, "verification_error", error, (int) sizeof error) < 0) {
        error[0] = 0;
    }

    int status = days_left < 0 || days_left < crit_days ? WARDEN_CRITICAL
                 : days_left < warn_days                ? WARDEN_WARNING
                                                        : WARDEN_OK;
    warden_result_status(status);
    if (!verified && !allow_unverified) {
        warden_result_raise(WARDEN_WARNING);
    }
    if (days_left < 0) {
        warden_result_summary("%s:%lld certificate expired %lld days ago (%s)", host, port, -days_left, not_after);
    } else {
        warden_result_summary("%s:%lld certificate expires in %lld days (%s)", host, port, days_left, not_after);
    }
    warden_result_summary_add(", %s", subject);
    if (!verified) {
        warden_result_summary_add("; not verified: %s", error);
    }

    warden_result_metric("days_left", (double) days_left, "d", (double) warn_days, (double) crit_days);
    char perfdata[96];
    warden_format(perfdata, (int) sizeof perfdata, "days_left=%lld;%lld:;%lld:", days_left, warn_days, crit_days);
    warden_result_perfdata(perfdata);
    warden_result_label("verified", verified ? "true" : "false");
    warden_result_label("protocol", protocol);
    warden_result_label("not_after", not_after);
    warden_result_submit();
}
