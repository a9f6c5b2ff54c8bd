#!/usr/bin/env bash
# Rebuilds plugin.wasm from check.c with the C SDK (sdk/c/warden.h) and packs http-json.wpkg;
# `./build.sh --out DIR` writes DIR/http-json/ instead (see ../lib/build-c.sh).
# Imports get_config, log, submit_result, http_request and WASI clock_time_get (the latency); the
# 1 MiB body buffer is .bss, held by 2 MiB of initial memory under the 4 MiB cap.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/build-c.sh"
build_c_plugin http-json "$here/check.c" 2097152 4194304 "$@"
