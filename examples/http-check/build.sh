#!/usr/bin/env bash
# Rebuilds plugin.wasm from check.c and packs http-check.wpkg (plugin.yaml + plugin.wasm).
#   ./build.sh            writes plugin.wasm (the committed copy) and http-check.wpkg here
#   ./build.sh --out DIR  writes DIR/http-check/plugin.wasm (+ plugin.yaml) instead
# Needs clang and lld with the wasm32 target. The build of Warden itself uses the committed
# plugin.wasm (the itests install it from here), so this only runs when check.c changes.
set -euo pipefail
cd "$(dirname "$0")"
dest=.
while [ $# -gt 0 ]; do
  case $1 in
    --out) dest=${2:?--out needs a directory}/http-check; shift 2 ;;
    --out=*) dest=${1#--out=}/http-check; shift ;;
    *) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
  esac
done
mkdir -p "$dest"

# No libc: the module imports get_config, log, submit_result and http_request from "env" and
# clock_time_get from WASI. The response buffer lives in .bss (not in the file); initial memory
# (3 MiB) holds it plus the 64 KiB stack and stays under the 4 MiB the manifest requests.
clang --target=wasm32 -nostdlib -fno-builtin -O2 -Wall -Wextra -Werror \
  -Wl,--no-entry -Wl,--export=run_check -Wl,--strip-all \
  -Wl,-z,stack-size=65536 -Wl,--initial-memory=3145728 -Wl,--max-memory=4194304 \
  -o "$dest/plugin.wasm" check.c

if [ "$dest" != . ]; then
  cp plugin.yaml "$dest/"
  echo "built $dest/plugin.wasm ($(wc -c < "$dest/plugin.wasm") bytes)"
  exit 0
fi

rm -f http-check.wpkg
if command -v zip >/dev/null 2>&1; then
  zip -q -X http-check.wpkg plugin.yaml plugin.wasm
else
  python3 - <<'PY'
import zipfile
with zipfile.ZipFile("http-check.wpkg", "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("plugin.yaml", "plugin.wasm"):
        z.write(name)
PY
fi
echo "built $(pwd)/plugin.wasm ($(wc -c < plugin.wasm) bytes) and http-check.wpkg"
