/*
 * hello-c: the smallest useful Warden checker.
 *
 * Reads its params ({"target":"..."}) with get_config, logs one line and submits an OK
 * result. Built without libc so the module stays a few hundred bytes and imports nothing
 * but the three host functions of ABI v1 (module "env").
 */

#define IMPORT(name) __attribute__((import_module("env"), import_name(name)))
#define EXPORT(name) __attribute__((export_name(name)))

IMPORT("get_config") int get_config(char *buf, int cap);
IMPORT("log") void host_log(int level, const char *msg, int len);
IMPORT("submit_result") int submit_result(const char *json, int len);

enum { LOG_INFO = 1, LOG_WARN = 2 };

static char config[1024];
static char out[1024];

/* Appends text to out at *pos, truncating at the buffer end; returns the new position. */
static int append(int pos, const char *text, int len) {
    for (int i = 0; i < len && pos < (int) sizeof out - 1; i++) {
        out[pos++] = text[i];
    }
    return pos;
}

static int length(const char *s) {
    int n = 0;
    while (s[n]) {
        n++;
    }
    return n;
}

static int append_str(int pos, const char *s) {
    return append(pos, s, length(s));
}

static int append_int(int pos, int value) {
    char digits[12];
    int n = 0;
    if (value == 0) {
        digits[n++] = '0';
    }
    while (value > 0 && n < (int) sizeof digits) {
        digits[n++] = (char) ('0' + value % 10);
        value /= 10;
    }
    while (n > 0) {
        pos = append(pos, &digits[--n], 1);
    }
    return pos;
}

/*
 * Finds the string value of "target" in the params JSON. Deliberately minimal: no escapes
 * inside the value; anything unexpected falls back to the default target.
 */
static const char *find_target(const char *json, int len, int *out_len) {
    static const char key[] = "\"target\"";
    int key_len = (int) sizeof key - 1;
    for (int i = 0; i + key_len <= len; i++) {
        int match = 1;
        for (int k = 0; k < key_len && match; k++) {
            match = json[i + k] == key[k];
        }
        if (!match) {
            continue;
        }
        int j = i + key_len;
        while (j < len && (json[j] == ' ' || json[j] == ':' || json[j] == '\t')) {
            j++;
        }
        if (j >= len || json[j] != '"') {
            return 0;
        }
        int start = ++j;
        while (j < len && json[j] != '"' && json[j] != '\\') {
            j++;
        }
        if (j >= len || json[j] != '"') {
            return 0;
        }
        *out_len = j - start;
        return json + start;
    }
    return 0;
}

EXPORT("run_check") void run_check(void) {
    int config_len = get_config(config, (int) sizeof config);
    int target_len = 0;
    const char *target = config_len > 0 ? find_target(config, config_len, &target_len) : 0;
    if (target == 0 || target_len == 0) {
        static const char fallback[] = "world";
        if (config_len < 0) {
            static const char warn[] = "hello-c: no params (get_config failed), using target world";
            host_log(LOG_WARN, warn, (int) sizeof warn - 1);
        }
        target = fallback;
        target_len = (int) sizeof fallback - 1;
    }

    int pos = append_str(0, "hello-c: checking ");
    pos = append(pos, target, target_len);
    host_log(LOG_INFO, out, pos);

    pos = append_str(0, "{\"status\":\"OK\",\"summary\":\"hello from ");
    pos = append(pos, target, target_len);
    pos = append_str(pos, "\",\"metrics\":[{\"name\":\"target_length\",\"value\":");
    pos = append_int(pos, target_len);
    pos = append_str(pos, ",\"unit\":\"chars\"}],\"labels\":{\"target\":\"");
    pos = append(pos, target, target_len);
    pos = append_str(pos, "\"}}");
    submit_result(out, pos);
}
