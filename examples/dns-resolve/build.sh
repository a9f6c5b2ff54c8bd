#!/usr/bin/env bash
# Rebuilds plugin.wasm from check.c with the C SDK (sdk/c/warden.h) and packs dns-resolve.wpkg;
# `./build.sh --out DIR` writes DIR/dns-resolve/ instead (see ../lib/build-c.sh).
# Imports get_config, submit_result, dns_lookup and WASI clock_time_get (the lookup time); the
# 64 KiB answer buffer and 16 KiB of expected records are .bss in 4 pages of initial memory.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib/build-c.sh"
build_c_plugin dns-resolve "$here/check.c" 262144 2097152 "$@"
