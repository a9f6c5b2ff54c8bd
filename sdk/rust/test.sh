#!/usr/bin/env bash
# Runs the SDK's unit tests and doc examples on the build machine (against the fake host in
# src/testing.rs), then checks that the crate builds for wasm32-unknown-unknown. Plain rustc, no
# cargo: Debian's rustc 1.63 with libstd-rust-dev-wasm32 is enough. RUSTC overrides the compiler.
set -euo pipefail
cd "$(dirname "$0")"
RUSTC=${RUSTC:-/usr/bin/rustc}
RUSTDOC=${RUSTDOC:-$(dirname "$RUSTC")/rustdoc}
out=target/test
mkdir -p "$out/host" "$out/wasm32"

"$RUSTC" --edition 2021 --test -D warnings -o "$out/warden-tests" src/lib.rs
"$out/warden-tests"

"$RUSTC" --edition 2021 --crate-type rlib --crate-name warden -O src/lib.rs -o "$out/host/libwarden.rlib"
"$RUSTDOC" --edition 2021 --test --crate-name warden -L "$out/host" \
  --extern warden="$out/host/libwarden.rlib" src/lib.rs

"$RUSTC" --edition 2021 --crate-type rlib --crate-name warden --target wasm32-unknown-unknown -O -D warnings \
  src/lib.rs -o "$out/wasm32/libwarden.rlib"
echo "sdk/rust: wasm32 rlib builds ($out/wasm32/libwarden.rlib)"
