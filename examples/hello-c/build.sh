#!/usr/bin/env bash
# Rebuilds plugin.wasm from hello.c with the C SDK (sdk/c/warden.h) and packs hello-c.wpkg.
#   ./build.sh            writes plugin.wasm (the committed copy) and hello-c.wpkg here
#   ./build.sh --out DIR  writes DIR/hello-c/plugin.wasm (+ plugin.yaml) instead
# Needs clang and lld with the wasm32 target. The same sources and flags give the same bytes:
# no libc, no debug info, no paths or timestamps in the module.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=hello-c
dest=$here
while [ $# -gt 0 ]; do
  case $1 in
    --out) dest=${2:?--out needs a directory}/$name; shift 2 ;;
    --out=*) dest=${1#--out=}/$name; shift ;;
    *) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
  esac
done
mkdir -p "$dest"

# No libc: the module imports only get_config, log and submit_result from "env" (the SDK
# functions hello.c does not call are not compiled in). 64 KiB stack + the SDK's static buffers
# fit in the 2 pages of initial memory, under the 2 MiB cap the manifest requests.
clang --target=wasm32 -nostdlib -fno-builtin -Oz -Wall -Wextra -Werror -I "$here/../../sdk/c" \
  -Wl,--no-entry -Wl,--export=run_check -Wl,--strip-all \
  -Wl,-z,stack-size=65536 -Wl,--initial-memory=131072 -Wl,--max-memory=2097152 \
  -o "$dest/plugin.wasm" "$here/hello.c"

if [ "$dest" != "$here" ]; then
  cp "$here/plugin.yaml" "$dest/"
  echo "built $dest/plugin.wasm ($(wc -c < "$dest/plugin.wasm") bytes)"
  exit 0
fi
# A reproducible package: fixed entry order and timestamps.
(cd "$here" && python3 - "$name.wpkg" plugin.yaml plugin.wasm <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in sys.argv[2:]:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(name, "rb") as f:
            z.writestr(info, f.read())
PY
)
echo "built $here/plugin.wasm ($(wc -c < "$here/plugin.wasm") bytes) and $name.wpkg"
