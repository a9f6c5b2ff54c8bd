#!/bin/sh
# Rebuilds the committed .wasm fixtures from their .wat sources (needs wabt's wat2wasm).
set -eu
cd "$(dirname "$0")"
for wat in *.wat; do
  wat2wasm "$wat" -o "${wat%.wat}.wasm"
done
