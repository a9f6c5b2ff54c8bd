#!/bin/sh
# Rebuilds the committed .wasm modules of the hostile corpus from their .wat sources
# (needs wabt's wat2wasm). Modules too large to commit are written by HostileModules at test time.
set -eu
cd "$(dirname "$0")"
for wat in *.wat; do
  wat2wasm "$wat" -o "${wat%.wat}.wasm"
done
