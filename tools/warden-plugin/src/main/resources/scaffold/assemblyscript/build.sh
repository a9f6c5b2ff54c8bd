#!/usr/bin/env bash
# Builds plugin.wasm from assembly/index.ts with AssemblyScript from npm and packs the plugin.
# "use": ["abort="] in asconfig.json drops AssemblyScript's env.abort import (not a Warden capability).
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules/assemblyscript ] || npm install --no-audit --no-fund
npx asc assembly/index.ts --target release
warden-plugin validate .
warden-plugin pack . -o @ID@.wpkg
