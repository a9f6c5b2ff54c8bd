#!/usr/bin/env bash
# Builds every example checker from source by running its own build.sh.
#   examples/build-all.sh              rebuilds each example's committed plugin.wasm in place
#   examples/build-all.sh --out DIR    writes DIR/<name>/plugin.wasm (+ plugin.yaml and, where
#                                      there is one, config.schema.json) and leaves the examples
#                                      untouched; the itests build into target/ this way
# The known examples are built in a fixed order, then any other examples/*/build.sh. Examples that
# are not there (yet) are skipped. Fails on the first build that fails.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=
while [ $# -gt 0 ]; do
  case $1 in
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --out=*) out=${1#--out=}; shift ;;
    -h|--help) sed -n '2,8p' "$0"; exit 0 ;;
    *) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
  esac
done
if [ -n "$out" ]; then
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
fi

examples=(hello-c hello-wat http-check http-json tcp-port dns-resolve tls-expiry hello-rust hello-as)
# ...and any other example with a build.sh, after those.
for dir in "$here"/*/; do
  name=$(basename "$dir")
  if [ -f "$dir/build.sh" ] && [[ " ${examples[*]} " != *" $name "* ]]; then
    examples+=("$name")
  fi
done
built=()
skipped=()
for name in "${examples[@]}"; do
  dir=$here/$name
  if [ ! -d "$dir" ]; then
    skipped+=("$name")
    continue
  fi
  if [ ! -x "$dir/build.sh" ]; then
    echo "build-all: $name has no executable build.sh" >&2
    exit 1
  fi
  echo "== $name"
  if [ -n "$out" ]; then
    "$dir/build.sh" --out "$out"
    if [ ! -f "$out/$name/plugin.wasm" ]; then
      echo "build-all: $name/build.sh --out $out wrote no $out/$name/plugin.wasm" >&2
      exit 1
    fi
  else
    "$dir/build.sh"
  fi
  built+=("$name")
done
echo "build-all: built ${built[*]:-nothing}${out:+ into $out}"
if [ ${#skipped[@]} -gt 0 ]; then
  echo "build-all: skipped (not present) ${skipped[*]}"
fi
