#!/usr/bin/env bash
# Rebuilds plugin.wasm from plugin.wat with wabt's wat2wasm (Debian package wabt).
#   ./build.sh            writes plugin.wasm (the committed copy) here
#   ./build.sh --out DIR  writes DIR/hello-wat/plugin.wasm (+ plugin.yaml) instead
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=hello-wat
dest=$here
while [ $# -gt 0 ]; do
  case $1 in
    --out) dest=${2:?--out needs a directory}/$name; shift 2 ;;
    --out=*) dest=${1#--out=}/$name; shift ;;
    *) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
  esac
done
mkdir -p "$dest"
wat2wasm "$here/plugin.wat" -o "$dest/plugin.wasm"
if [ "$dest" != "$here" ]; then
  cp "$here/plugin.yaml" "$dest/"
fi
echo "built $dest/plugin.wasm ($(wc -c < "$dest/plugin.wasm") bytes)"
