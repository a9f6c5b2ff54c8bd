// Compiles test/checks.ts with the SDK and runs each export against a fake host (node:test).
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
let module;

before(() => {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "warden-as-")), "checks.wasm");
  execFileSync(path.join(root, "node_modules/.bin/asc"), ["test/checks.ts", "--config", "asconfig.json",
    "--target", "release", "--outFile", out], { cwd: root, stdio: "inherit" });
  module = new WebAssembly.Module(fs.readFileSync(out));
});

/** Runs one export; `answers` maps an import to what it returns (a string written or a code). */
function run(name, { params = "{}", answers = {} } = {}) {
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const seen = { logs: [], results: [], calls: [] };
  let memory;
  const read = (p, n) => dec.decode(new Uint8Array(memory.buffer, p, n).slice());
  const write = (p, cap, text) => {
    const bytes = enc.encode(text);
    if (bytes.length > cap) return -3;
    new Uint8Array(memory.buffer, p, bytes.length).set(bytes);
    return bytes.length;
  };
  const answer = (name, p, cap) => {
    const queue = answers[name] ?? [];
    const next = queue[0];
    if (next === undefined) return -5;
    const rc = typeof next === "number" ? next : write(p, cap, next);
    if (rc !== -3) queue.shift();
    return rc;
  };
  const env = {
    get_config: (p, cap) => { seen.calls.push(["get_config", cap]); return write(p, cap, params); },
    log: (level, p, n) => { seen.logs.push([level, read(p, n)]); },
    submit_result: (p, n) => { seen.results.push(read(p, n)); return 0; },
    http_request: (rp, rn, p, cap) => { seen.calls.push(["http_request", read(rp, rn), cap]); return answer("http_request", p, cap); },
    dns_lookup: (np, nn, type, p, cap) => { seen.calls.push(["dns_lookup", read(np, nn), type]); return answer("dns_lookup", p, cap); },
    tcp_connect: (ap, an, port) => { seen.calls.push(["tcp_connect", read(ap, an), port]); return 4; },
    tcp_write: (h, p, n) => { seen.calls.push(["tcp_write", h, read(p, n)]); return n; },
    tcp_read: (h, p, cap) => answer("tcp_read", p, cap),
    tcp_close: (h) => { seen.calls.push(["tcp_close", h]); return 0; },
    udp_sendto: () => -5,
  };
  for (const imp of WebAssembly.Module.imports(module)) {
    assert.equal(imp.module, "env", `import ${imp.module}.${imp.name}`);
    assert.ok(env[imp.name], `unexpected import env.${imp.name}`);
  }
  const instance = new WebAssembly.Instance(module, { env });
  memory = instance.exports.memory;
  try {
    instance.exports[name]();
  } catch (e) {
    seen.trap = e;
  }
  return seen;
}

test("json parser reads values, escapes and pointers", () => {
  const { logs } = run("jsonRoundTrip");
  assert.deepEqual(logs[0], [1, "a\"bé😀|-150.0|true|true|1.0"]);
  assert.equal(logs[1][1], "{\"s\":\"a\\\"bé😀\",\"n\":-150,\"a\":[1,{\"b\":true}],\"x~/y\":null}");
});

test("json parser rejects malformed documents", () => {
  assert.deepEqual(run("jsonRejects").logs[0], [1, "accepted 0"]);
});

test("json writer places commas, escapes and writes NaN as null", () => {
  assert.equal(run("writer").logs[0][1], "{\"s\":\"q\\\"\\n\\u0001\",\"l\":[1,2.5,false,null],\"o\":{},\"nan\":null}");
});

test("base64 round trips and rejects garbage", () => {
  assert.equal(run("base64").logs[0][1], "Zm9vYg==|true");
});

test("result builder writes the result document", () => {
  assert.deepEqual(run("resultBuilder").results, [
    "{\"status\":\"WARNING\",\"summary\":\"slow\",\"metrics\":[{\"name\":\"latency_ms\",\"value\":250,\"unit\":\"ms\",\"warn\":200,\"crit\":500}],\"labels\":{\"k\":\"b\"}}",
  ]);
});

test("config grows its buffer until the params fit", () => {
  const big = JSON.stringify({ target: "x".repeat(20000) });
  const seen = run("paramsAndConfig", { params: big });
  assert.equal(seen.logs[0][1], "x".repeat(20000) + "|" + big.length + "|0");
  assert.deepEqual(seen.calls.filter((c) => c[0] === "get_config").map((c) => c[1]), [4096, 16384, 65536, 4096, 16384, 65536]);
});

test("http get reads the envelope and decodes the body", () => {
  const envelope = JSON.stringify({ status: 200, headers: { "Content-Type": "text/plain" }, body_base64: "aGk=" });
  const seen = run("httpEnvelope", { answers: { http_request: [envelope] } });
  assert.equal(seen.logs[0][1], "200|hi|text/plain");
  assert.equal(seen.calls[0][1], "{\"method\":\"GET\",\"url\":\"http://127.0.0.1/x\",\"timeout_ms\":1500}");
});

test("http status_body mode keeps the raw body and retries a GET with a bigger buffer", () => {
  const seen = run("httpStatusBody", { answers: { http_request: ["200\n" + "y".repeat(100000)] } });
  assert.equal(seen.logs[0][1], "200|100000");
  const calls = seen.calls.filter((c) => c[0] === "http_request");
  assert.deepEqual(calls.map((c) => c[2]), [65536, 524288]);
  assert.match(calls[0][1], /"response_mode":"status_body"/);
  assert.match(calls[0][1], /"headers":\{"Accept":"text\/plain"\}/);
});

test("http errors leave the ABI code in lastError", () => {
  assert.equal(run("httpDenied", { answers: { http_request: [-2] } }).logs[0][1], "true|DENIED");
});

test("dns lookup reads the answer", () => {
  const answer = JSON.stringify({ name: "example.com", type: "MX", records: ["10 mx.example.com."], ttl: 300 });
  const seen = run("dnsLookup", { answers: { dns_lookup: [answer] } });
  assert.equal(seen.logs[0][1], "10 mx.example.com.|300|MX");
  assert.deepEqual(seen.calls[0], ["dns_lookup", "example.com", 15]);
});

test("tcp connection writes, reads and closes its handle", () => {
  const seen = run("tcpBanner", { answers: { tcp_read: ["SSH-2.0-x\r\n"] } });
  assert.equal(seen.logs[0][1], "SSH-2.0-x\r\n|0");
  assert.deepEqual(seen.calls, [["tcp_connect", "127.0.0.1", 22], ["tcp_write", 4, "hi"], ["tcp_close", 4]]);
});

test("an abort submits UNKNOWN with the message, then traps", () => {
  const seen = run("aborts");
  assert.ok(seen.trap instanceof WebAssembly.RuntimeError);
  assert.equal(seen.results.length, 1);
  assert.match(seen.results[0], /^\{"status":"UNKNOWN","summary":"abort: Index out of range at [^"]+:\d+:\d+"\}$/);
});
