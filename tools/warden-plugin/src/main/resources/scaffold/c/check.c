/* @ID@: reads {"target"} and submits OK "hello from <target>". */
#include "warden.h"

WARDEN_EXPORT("run_check") void run_check(void) {
    char target[256];
    warden_param_string_or("target", target, sizeof target, "world");
    warden_log_info("@ID@: checking %s", target);
    warden_result_begin();
    warden_result_status(WARDEN_OK);
    warden_result_summary("hello from %s", target);
    warden_result_metric("target_length", warden_strlen(target), "chars", WARDEN_NONE, WARDEN_NONE);
    warden_result_label("target", target);
    warden_result_submit();
}
