#!/usr/bin/env bash
# Builds every example checker (and so every SDK) from source into OUT_DIR for the itests, which
# run those fresh builds rather than the committed .wasm. Maven calls this in
# generate-test-resources unless tests are skipped; .ci/run installs the toolchains it needs.
#   1. checks each guest toolchain and fails naming the missing ones (no silent fallback to the
#      committed .wasm);
#   2. runs each SDK's own test suite (sdk/c, sdk/rust, sdk/assemblyscript: the SDK built from
#      source, run on Node or the host against fake host functions), then
#      examples/build-all.sh --out OUT_DIR (the hellos built with each SDK, the real checkers);
#   3. compares the fresh C and WAT builds byte for byte with the committed plugin.wasm. A
#      difference fails the build on CI (CI=true, or WARDEN_GUEST_STRICT=true), whose toolchain is
#      the Debian one .ci/run pins; elsewhere it is a warning, since another clang or wabt release
#      legitimately emits other bytes.
set -euo pipefail
out=${1:?usage: guest-build.sh OUT_DIR}
root=$(cd "$(dirname "$0")/.." && pwd)
# Debian's rustc with its wasm32 std; a rustup rustc earlier on PATH has no such target.
export RUSTC=${RUSTC:-/usr/bin/rustc}
strict=${WARDEN_GUEST_STRICT:-${CI:-false}}

probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
missing=()
have() { command -v "$1" >/dev/null 2>&1; }

# C: clang + wasm-ld + wasi-libc + the wasm32 compiler-rt builtins, proven by linking a program.
if ! have clang; then
  missing+=("clang (Debian package clang)")
elif ! have wasm-ld; then
  missing+=("wasm-ld (Debian package lld)")
else
  printf '#include <stdio.h>\nint main(void) { printf("%%d\\n", (int) (1.5 * 2)); return 0; }\n' > "$probe/p.c"
  if ! clang --target=wasm32-wasi -O2 -o "$probe/p.wasm" "$probe/p.c" 2> "$probe/c.err"; then
    if grep -q 'libclang_rt\|compiler-rt\|builtins' "$probe/c.err"; then
      missing+=("the wasm32 compiler-rt builtins (Debian package libclang-rt-dev-wasm32)")
    else
      missing+=("wasi-libc for wasm32-wasi (Debian package wasi-libc): $(head -n 1 "$probe/c.err")")
    fi
  fi
fi
# Rust: the compiler and its wasm32 standard libraries.
if [ ! -x "$RUSTC" ] && ! have "$RUSTC"; then
  missing+=("rustc at $RUSTC (Debian package rustc; set RUSTC to use another)")
else
  echo 'pub extern "C" fn probe() -> u32 { std::vec![1u32].len() as u32 }' > "$probe/p.rs"
  for target in wasm32-unknown-unknown wasm32-wasi; do
    if ! "$RUSTC" --edition 2021 --target "$target" --crate-type cdylib -o "$probe/p-$target.wasm" "$probe/p.rs" 2> "$probe/rs.err"; then
      missing+=("the Rust std for $target for $RUSTC (Debian package libstd-rust-dev-wasm32): $(head -n 1 "$probe/rs.err")")
    fi
  done
fi
have wat2wasm || missing+=("wat2wasm (Debian package wabt)")
# AssemblyScript 0.28 declares node >= 20 and npm >= 10.
if ! have node; then
  missing+=("node (Node.js 20 or newer)")
elif [ "$(node -p 'process.versions.node.split(".")[0]')" -lt 20 ]; then
  missing+=("Node.js 20 or newer (found $(node --version); AssemblyScript needs 20)")
fi
have npm || missing+=("npm (10 or newer, the one that comes with Node.js 20)")
if [ ${#missing[@]} -gt 0 ]; then
  echo "ERROR: the itests build every example checker from source and a guest toolchain is missing:" >&2
  printf 'ERROR:   - %s\n' "${missing[@]}" >&2
  echo "ERROR: install them (.ci/run does, see README.md, Prerequisites), or skip the tests with -DskipTests." >&2
  exit 1
fi

if [ ! -x "$root/examples/build-all.sh" ]; then
  echo "ERROR: $root/examples/build-all.sh is missing or not executable" >&2
  exit 1
fi
start=$(date +%s%N)
sdk_tests=0
if [ -f "$root/sdk/c/test/run-tests.sh" ]; then
  echo "== sdk/c tests"; bash "$root/sdk/c/test/run-tests.sh"; sdk_tests=$((sdk_tests + 1))
fi
if [ -f "$root/sdk/rust/test.sh" ]; then
  echo "== sdk/rust tests"; bash "$root/sdk/rust/test.sh"; sdk_tests=$((sdk_tests + 1))
fi
if [ -f "$root/sdk/assemblyscript/package-lock.json" ]; then
  echo "== sdk/assemblyscript tests"
  (cd "$root/sdk/assemblyscript" && npm ci --no-audit --no-fund --loglevel=error && npm test --silent)
  sdk_tests=$((sdk_tests + 1))
fi
took=$(( ($(date +%s%N) - start) / 1000000 ))
echo "guest build: $sdk_tests SDK test suites took ${took} ms"

rm -rf "$out"
mkdir -p "$out"
start=$(date +%s%N)
"$root/examples/build-all.sh" --out "$out"
took=$(( ($(date +%s%N) - start) / 1000000 ))
echo "guest build: examples/build-all.sh --out $out took ${took} ms"

# Fresh builds against the committed .wasm.
differs=()
for dir in "$root"/examples/*/; do
  name=$(basename "$dir")
  [ -f "$dir/plugin.wasm" ] || continue
  fresh="$out/$name/plugin.wasm"
  if [ ! -f "$fresh" ]; then
    echo "ERROR: examples/build-all.sh wrote no $fresh" >&2
    exit 1
  fi
  if cmp -s "$fresh" "$dir/plugin.wasm"; then
    echo "guest build: $name: identical to the committed plugin.wasm ($(wc -c < "$fresh") bytes)"
  elif compgen -G "$dir*.c" >/dev/null || compgen -G "$dir*.wat" >/dev/null; then
    differs+=("$name")
    echo "guest build: $name: DIFFERS from the committed plugin.wasm (fresh $(wc -c < "$fresh"), committed $(wc -c < "$dir/plugin.wasm") bytes)"
  else
    # Rust and AssemblyScript outputs depend on the compiler release as a whole: reported only.
    echo "guest build: $name: differs from the committed plugin.wasm (not compared strictly: not C or WAT)"
  fi
done
if [ ${#differs[@]} -gt 0 ]; then
  msg="the committed plugin.wasm of ${differs[*]} is not what its source builds to: run examples/build-all.sh and commit the result"
  if [ "$strict" = true ]; then
    echo "ERROR: $msg" >&2
    exit 1
  fi
  echo "WARNING: $msg (a warning here: this toolchain may differ from the Debian one CI uses; CI=true or WARDEN_GUEST_STRICT=true makes it fail)" >&2
fi
