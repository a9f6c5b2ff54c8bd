#!/usr/bin/env python3
"""Checks each example's plugin.wasm against its plugin.yaml, as the agent's upload validation
would: every "env" import belongs to a capability the manifest lists, WASI imports only with
runtime wasi-preview1, no other import modules, and the entrypoint is exported as () -> ().
Also reports capabilities the manifest lists that the module never imports.

    examples/verify-modules.py [DIR]    DIR defaults to examples/; a build-all --out DIR works too

Needs wabt's wasm-objdump. Exits 1 on the first kind of problem found in any module."""
import pathlib
import re
import subprocess
import sys

# Capability name -> env imports it covers (dev.warden.api.spi.KnownCapabilities).
CAPABILITIES = {
    "get_config": ["get_config"], "log": ["log"], "submit_result": ["submit_result"],
    "http_request": ["http_request"], "tcp_connect": ["tcp_connect", "tcp_read", "tcp_write", "tcp_close"],
    "udp_sendto": ["udp_sendto"], "dns_lookup": ["dns_lookup"], "tls_inspect": ["tls_inspect"],
    "kv": ["kv_get", "kv_set"], "now_ms": ["now_ms"],
}


def manifest_field(text, key):
    m = re.search(r"^%s:\s*(.+)$" % key, text, re.M)
    return m.group(1).strip() if m else None


def check(dir_):
    wasm, yaml = dir_ / "plugin.wasm", dir_ / "plugin.yaml"
    if not wasm.is_file() or not yaml.is_file():
        return None
    text = yaml.read_text()
    caps = [c.strip() for c in manifest_field(text, "capabilities").strip("[]").split(",") if c.strip()]
    runtime = manifest_field(text, "runtime")
    entry = manifest_field(text, "entrypoint")
    dump = subprocess.run(["wasm-objdump", "-x", str(wasm)], capture_output=True, text=True, check=True).stdout
    types = dict(re.findall(r"^ - type\[(\d+)\] (.+)$", dump, re.M))
    imports = re.findall(r"^ - func\[\d+\] sig=\d+ <[^>]*> <- ([\w.]+)\.(\w+)$", dump, re.M)
    problems = []
    allowed = {name for c in caps for name in CAPABILITIES.get(c, [])}
    used = set()
    for module, name in imports:
        if module == "env":
            if name not in allowed:
                problems.append("imports env.%s, not covered by the manifest's capabilities" % name)
            used.update(c for c in caps if name in CAPABILITIES.get(c, []))
        elif module == "wasi_snapshot_preview1":
            if runtime != "wasi-preview1":
                problems.append("imports WASI %s but runtime is %s" % (name, runtime))
        else:
            problems.append("imports from module %s" % module)
    export = re.search(r'^ - func\[(\d+)\] <[^>]*> -> "%s"$' % re.escape(entry), dump, re.M)
    if not export:
        problems.append("does not export %s" % entry)
    else:
        sig = re.search(r"^ - func\[%s\] sig=(\d+)" % export.group(1), dump, re.M)
        if sig is None or types.get(sig.group(1)) != "() -> nil":
            problems.append("exports %s with type %s, not () -> ()" % (entry, types.get(sig.group(1)) if sig else "?"))
    unused = [c for c in caps if c not in used]
    return [(m, True) for m in problems] + [("lists capability %s but never imports it" % c, False) for c in unused]


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).parent)
    failed = False
    for dir_ in sorted(p for p in root.iterdir() if p.is_dir()):
        findings = check(dir_)
        if findings is None:
            continue
        errors = [m for m, fatal in findings if fatal]
        notes = [m for m, fatal in findings if not fatal]
        print("%-12s %s%s" % (dir_.name, "FAIL: " + "; ".join(errors) if errors else "ok",
                               " (note: " + "; ".join(notes) + ")" if notes else ""))
        failed |= bool(errors)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
