#!/usr/bin/env bash
# Rebuilds plugin.wasm from hello.rs with the Rust SDK (sdk/rust) and packs hello-rust.wpkg.
# Plain rustc, no cargo or crates.io: Debian's rustc 1.63 with libstd-rust-dev-wasm32 works
# (RUSTC picks the compiler; default /usr/bin/rustc, since a rustup rustc earlier on PATH may lack
# the wasm32 target).
#   build.sh             writes plugin.wasm and hello-rust.wpkg here
#   build.sh --out DIR   writes DIR/hello-rust/plugin.wasm (and plugin.yaml) instead
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
name=hello-rust
dest=$here
while [ $# -gt 0 ]; do
  case $1 in
    --out) dest=${2:?--out needs a directory}/$name; shift 2 ;;
    --out=*) dest=${1#--out=}/$name; shift ;;
    *) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
  esac
done
RUSTC=${RUSTC:-/usr/bin/rustc}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$dest"

# The paths in panic locations are remapped so the module does not depend on the checkout dir.
common=(--edition 2021 --target wasm32-unknown-unknown -C opt-level=s -C panic=abort -C codegen-units=1
        --remap-path-prefix "$root=/warden")
"$RUSTC" "${common[@]}" --crate-type rlib --crate-name warden "$root/sdk/rust/src/lib.rs" -o "$work/libwarden.rlib"
# cdylib: exports run_check and warden_abi_v1 (entrypoint!), imports only the env functions the
# SDK calls (get_config, log, submit_result). 64 KiB stack instead of rustc's 1 MiB keeps the
# initial memory at 2 pages, under the 2 MiB the manifest requests.
"$RUSTC" "${common[@]}" --crate-type cdylib --crate-name hello_rust -C lto \
  --extern warden="$work/libwarden.rlib" -L "$work" \
  -C link-arg=--strip-all -C link-arg=-zstack-size=65536 -C link-arg=--max-memory=2097152 \
  "$here/hello.rs" -o "$work/plugin.wasm"

cp "$work/plugin.wasm" "$dest/plugin.wasm"
if [ "$dest" != "$here" ]; then
  cp "$here/plugin.yaml" "$dest/plugin.yaml"
  echo "built $dest/plugin.wasm ($(wc -c < "$dest/plugin.wasm") bytes)"
  exit 0
fi
rm -f "$name.wpkg"
(cd "$here" && python3 - "$name.wpkg" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in ("plugin.yaml", "plugin.wasm"):
        z.write(name)
PY
)
echo "built $here/plugin.wasm ($(wc -c < "$here/plugin.wasm") bytes) and $name.wpkg"
