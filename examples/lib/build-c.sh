# Shared by the C examples' build.sh (source it, then call build_c_plugin). Builds plugin.wasm from
# one C file with the C SDK (sdk/c/warden.h): no libc, no debug info, no paths or timestamps, so
# the same sources and flags give the same bytes. Needs clang and lld with the wasm32 target.
#
#   build_c_plugin NAME SOURCE INITIAL_MEMORY MAX_MEMORY [--out DIR]
#
# Without --out it writes plugin.wasm (the committed copy) and a reproducible NAME.wpkg next to
# the sources; with --out DIR it writes DIR/NAME/plugin.wasm plus plugin.yaml (and
# config.schema.json when there is one) and touches nothing in the example.
build_c_plugin() {
  local name=$1 source=$2 initial=$3 max=$4
  shift 4
  local here
  here=$(cd "$(dirname "$source")" && pwd)
  local dest=$here
  while [ $# -gt 0 ]; do
    case $1 in
      --out) dest=${2:?--out needs a directory}/$name; shift 2 ;;
      --out=*) dest=${1#--out=}/$name; shift ;;
      *) echo "usage: build.sh [--out DIR]" >&2; exit 2 ;;
    esac
  done
  mkdir -p "$dest"
  local files=(plugin.yaml)
  [ -f "$here/config.schema.json" ] && files+=(config.schema.json)

  clang --target=wasm32 -nostdlib -fno-builtin -Oz -Wall -Wextra -Werror -I "$here/../../sdk/c" \
    -Wl,--no-entry -Wl,--export=run_check -Wl,--strip-all \
    -Wl,-z,stack-size=65536 -Wl,--initial-memory="$initial" -Wl,--max-memory="$max" \
    -o "$dest/plugin.wasm" "$source"

  if [ "$dest" != "$here" ]; then
    (cd "$here" && cp "${files[@]}" "$dest/")
    echo "built $dest/plugin.wasm ($(wc -c < "$dest/plugin.wasm") bytes)"
    return 0
  fi
  # A reproducible package: fixed entry order and timestamps.
  (cd "$here" && python3 - "$name.wpkg" plugin.yaml plugin.wasm "${files[@]:1}" <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as z:
    for name in sys.argv[2:]:
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(name, "rb") as f:
            z.writestr(info, f.read())
PY
  )
  echo "built $here/plugin.wasm ($(wc -c < "$here/plugin.wasm") bytes) and $name.wpkg"
}
