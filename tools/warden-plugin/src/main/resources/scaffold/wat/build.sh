#!/usr/bin/env bash
# Builds plugin.wasm from plugin.wat (Debian: wabt) and packs the plugin.
set -euo pipefail
cd "$(dirname "$0")"
wat2wasm plugin.wat -o plugin.wasm
warden-plugin validate .
warden-plugin pack . -o @ID@.wpkg
