/* hello-c: the smallest useful Warden checker, written with the C SDK (sdk/c/warden.h). */
#include "warden.h"

WARDEN_EXPORT("run_check") void run_check(void) {
    char target[1024];
    int n = warden_param_string_or("target", target, (int) sizeof target, "world");
    if (warden_config(0) < 0) {
        warden_log_warn("hello-c: no params (get_config failed), using target world");
    }
    warden_log_info("hello-c: checking %s", target);
    warden_result_begin();
    warden_result_status(WARDEN_OK);
    warden_result_summary("hello from %s", target);
    warden_result_metric("target_length", n, "chars", WARDEN_NONE, WARDEN_NONE);
    warden_result_label("target", target);
    warden_result_submit();
}
