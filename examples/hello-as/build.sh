#!/usr/bin/env bash
# Rebuilds plugin.wasm from assembly/index.ts with the AssemblyScript SDK (sdk/assemblyscript)
# and packs hello-as.wpkg. Needs node and npm; `npm ci` installs the pinned assemblyscript from
# package-lock.json into node_modules (not committed).
#   build.sh             writes plugin.wasm and hello-as.wpkg here
#   build.sh --out DIR   writes DIR/hello-as/plugin.wasm (and plugin.yaml) instead
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=hello-as
dest=$here
while [ $# -gt 0 ]; do
  case $1 in
    --out) dest=${2:?--out needs a directory}/$name; shift 2 ;;
    --out=*) dest=${1#--out=}/$name; shift ;;
    *) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
  esac
done
cd "$here"
if [ ! -x node_modules/.bin/asc ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"

# asconfig.json: stub runtime (one run per instance, nothing to collect), no runtime exports, and
# AssemblyScript's abort mapped to the SDK's wardenAbort, which submits UNKNOWN with the message,
# so the module imports only get_config, log and submit_result from env.
node_modules/.bin/asc assembly/index.ts --config asconfig.json --target release --outFile "$work/plugin.wasm"

cp "$work/plugin.wasm" "$dest/plugin.wasm"
if [ "$dest" != "$here" ]; then
  cp plugin.yaml "$dest/plugin.yaml"
  echo "built $dest/plugin.wasm ($(wc -c < "$dest/plugin.wasm") bytes)"
  exit 0
fi
rm -f "$name.wpkg"
python3 - "$name.wpkg" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("plugin.yaml", "plugin.wasm"):
        z.write(name)
PY
echo "built $here/plugin.wasm ($(wc -c < plugin.wasm) bytes) and $name.wpkg"
