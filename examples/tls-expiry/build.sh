#!/usr/bin/env bash
# Rebuilds plugin.wasm from check.c with the C SDK (sdk/c/warden.h).
#   ./build.sh            writes plugin.wasm next to this script (the committed copy)
#   ./build.sh --out DIR  writes DIR/tls-expiry/plugin.wasm (+ plugin.yaml, config.schema.json)
# Needs clang and lld with the wasm32 target. The same sources and flags give the same bytes:
# no libc, no debug info, no paths or timestamps in the module.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here"
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$(mkdir -p "$2/tls-expiry" && cd "$2/tls-expiry" && pwd)"; shift 2 ;;
    *) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
  esac
done

# Imports: get_config, log, submit_result (via warden.h) and tls_inspect; nothing from WASI.
# Memory: 32 KiB answer buffer + the SDK's buffers + a 64 KiB stack in 4 pages; params larger
# than 4 KiB grow memory up to the 2 MiB the manifest requests.
clang --target=wasm32 -nostdlib -fno-builtin -O2 -Wall -Wextra -Werror \
  -I "$here/../../sdk/c" \
  -Wl,--no-entry -Wl,--export=run_check -Wl,--strip-all \
  -Wl,-z,stack-size=65536 -Wl,--initial-memory=262144 -Wl,--max-memory=2097152 \
  -o "$out/plugin.wasm" "$here/check.c"

if [ "$out" != "$here" ]; then
  cp "$here/plugin.yaml" "$here/config.schema.json" "$out/"
fi
echo "built $out/plugin.wasm ($(wc -c < "$out/plugin.wasm") bytes)"
