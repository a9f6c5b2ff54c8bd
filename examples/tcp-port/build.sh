#!/usr/bin/env bash
# Rebuilds plugin.wasm from check.c with the C SDK (sdk/c/warden.h) and packs tcp-port.wpkg;
# `./build.sh --out DIR` writes DIR/tcp-port/ instead (see ../lib/build-c.sh).
# Imports get_config, submit_result, tcp_* and WASI clock_time_get (connect and response times).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/build-c.sh"
build_c_plugin tcp-port "$here/check.c" 262144 2097152 "$@"
