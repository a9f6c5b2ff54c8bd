#!/usr/bin/env bash
# Builds sdk_test.c against warden.h (no libc, warnings as errors) and runs it on Node's
# WebAssembly with a fake host (run.mjs). Needs clang + lld (wasm32) and node.
set -euo pipefail
cd "$(dirname "$0")"
clang --target=wasm32 -nostdlib -fno-builtin -O2 -Wall -Wextra -Werror -I.. \
  -Wl,--no-entry -Wl,--export=run_tests -Wl,-z,stack-size=65536 \
  -o sdk_test.wasm sdk_test.c
node run.mjs
