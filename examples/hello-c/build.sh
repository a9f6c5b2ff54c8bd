#!/usr/bin/env bash
# Rebuilds plugin.wasm from hello.c with the C SDK (sdk/c/warden.h) and packs hello-c.wpkg;
# `./build.sh --out DIR` writes DIR/hello-c/ instead (see ../lib/build-c.sh).
# No libc: the module imports only get_config, log and submit_result from "env"; a 64 KiB stack
# and the SDK's static buffers fit in 2 pages of initial memory, under the 2 MiB cap.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/build-c.sh"
build_c_plugin hello-c "$here/hello.c" 131072 2097152 "$@"
