#!/usr/bin/env bash
# Rebuilds plugin.wasm from hello.c and packs hello-c.wpkg (plugin.yaml + plugin.wasm).
# Needs clang and lld with the wasm32 target. The build of Warden itself uses the committed
# plugin.wasm, so this only runs when hello.c changes.
set -euo pipefail
cd "$(dirname "$0")"

# No libc: the module imports only get_config, log and submit_result from "env".
# 64 KiB stack + data fit in the 2 MiB cap the manifest requests (initial memory: 2 pages).
clang --target=wasm32 -nostdlib -fno-builtin -O2 -Wall -Wextra -Werror \
  -Wl,--no-entry -Wl,--export=run_check -Wl,--strip-all \
  -Wl,-z,stack-size=65536 -Wl,--initial-memory=131072 -Wl,--max-memory=2097152 \
  -o plugin.wasm hello.c

rm -f hello-c.wpkg
if command -v zip >/dev/null 2>&1; then
  zip -q -X hello-c.wpkg plugin.yaml plugin.wasm
else
  python3 - <<'PY'
import zipfile
with zipfile.ZipFile("hello-c.wpkg", "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("plugin.yaml", "plugin.wasm"):
        z.write(name)
PY
fi
echo "built $(pwd)/plugin.wasm ($(wc -c < plugin.wasm) bytes) and hello-c.wpkg"
