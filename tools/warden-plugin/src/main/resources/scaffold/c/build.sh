#!/usr/bin/env bash
# Builds plugin.wasm from check.c with the C SDK (warden.h) and packs the plugin.
# Needs clang + lld with the wasm32 target (Debian: clang lld).
set -euo pipefail
cd "$(dirname "$0")"
SDK_C=${WARDEN_SDK_C:-@SDK_C@}
clang --target=wasm32 -nostdlib -fno-builtin -O2 -Wall -Wextra -I "$SDK_C" \
  -Wl,--no-entry -Wl,--export=run_check -Wl,--strip-all \
  -Wl,-z,stack-size=65536 -Wl,--initial-memory=131072 -Wl,--max-memory=2097152 \
  -o plugin.wasm check.c
warden-plugin validate .
warden-plugin pack . -o @ID@.wpkg
