#!/usr/bin/env bash
# Builds plugin.wasm from src/check.rs with the Rust SDK (sdk/rust, std only, no cargo/crates.io).
# Needs rustc with the wasm32-unknown-unknown std (Debian: rustc libstd-rust-dev-wasm32).
set -euo pipefail
cd "$(dirname "$0")"
SDK_RUST=${WARDEN_SDK_RUST:-@SDK_RUST@}
RUSTC=${RUSTC:-/usr/bin/rustc}
mkdir -p target
"$RUSTC" --edition 2021 --crate-type rlib --crate-name warden --target wasm32-unknown-unknown -O \
  "$SDK_RUST/src/lib.rs" -o target/libwarden.rlib
"$RUSTC" --edition 2021 --crate-type cdylib --crate-name check --target wasm32-unknown-unknown -O \
  -C panic=abort -C link-arg=--strip-all -C link-arg=-zstack-size=65536 \
  -C link-arg=--initial-memory=131072 -C link-arg=--max-memory=2097152 \
  --extern warden=target/libwarden.rlib -L target -o plugin.wasm src/check.rs
warden-plugin validate .
warden-plugin pack . -o @ID@.wpkg
