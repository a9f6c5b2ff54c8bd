// Runs sdk_test.wasm on Node's WebAssembly with a fake Warden host and checks what it reports.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

const wasm = readFileSync(fileURLToPath(new URL('./sdk_test.wasm', import.meta.url)));
let memory;
const bytes = (ptr, len) => new Uint8Array(memory.buffer, ptr, len);
const text = (ptr, len) => new TextDecoder().decode(bytes(ptr, len));
const write = (ptr, cap, s) => {
  const b = new TextEncoder().encode(s);
  if (b.length > cap) return -3;
  bytes(ptr, b.length).set(b);
  return b.length;
};

// Big enough that warden_config must grow memory twice (past 4 KiB, 64 KiB and 128 KiB).
const params = JSON.stringify({ timeout_ms: 250, pad: 'x'.repeat(150000), last: 'end' });
const reports = {};
const results = [];
const requests = [];
const configCaps = [];
const env = {
  get_config: (ptr, cap) => { configCaps.push(cap); return write(ptr, cap, params); },
  log: (level, ptr, len) => {
    const line = text(ptr, len);
    const i = line.indexOf('=');
    reports[line.slice(0, i)] = line.slice(i + 1);
  },
  submit_result: (ptr, len) => { results.push(text(ptr, len)); return 0; },
  http_request: (req, reqLen, resp, cap) => {
    requests.push(JSON.parse(text(req, reqLen)));
    return write(resp, cap, '200\n{"x":{"y":41}}');
  },
};
const { instance } = await WebAssembly.instantiate(wasm, { env });
memory = instance.exports.memory;
instance.exports.run_tests();

const expected = {
  writer: '{"s":"q\\"b\\\\n\\nt\\t\\u0001","i":-42,"a":[2.5,1e20,0.001234,0.333333333,1e-7,null,true,null,{}],"f":false}',
  writer_ok: '1',
  overflow_ok: '0',
  overflow_prefix: '{"long"',
  unclosed_ok: '0',
  url_len: '12',
  url: 'http://x/\u00e9"',
  n: '-125',
  q: '7',
  b: '1',
  ptr: '30',
  ptr_escaped: '3',
  missing: '-4',
  wrong_type: '-1',
  too_small: '-3',
  array_len: '3',
  nested_url: '2',
  raw_len: '7',
  whole_doc: '12',
  bad_json: '-9',
  format: 'a|   bc|7  |005|3.14|0.5|ff|z|%|xy|-9000000000|4000000000',
  format_trunc_len: '5',
  format_trunc: 'abcde',
  config_len: String(params.length),
  config_last: '3',
  config_last_value: 'end',
  config_timeout: '250',
  config_default: '5',
  dropped: '1',
  submit_rc: '0',
  threshold_up: '1',
  threshold_up_crit: '2',
  threshold_down: '1',
  threshold_down_crit: '2',
  threshold_none: '0',
  http_len: '14',
  http_status: '200',
  http_body: '{"x":{"y":41}}',
  http_value: '41',
  http_small: '-3',
  dns_type_aaaa: '28',
  dns_type_bad: '-1',
  code_name: 'TIMEOUT',
};
assert.deepEqual(reports, expected);
assert.deepEqual(configCaps, [4096, 65536, 131072, 262144]);
assert.deepEqual(results.map((r) => JSON.parse(r)), [{
  status: 'WARNING',
  summary: 'hello w"orld in 12ms',
  perfdata: "'latency ms'=12ms;200;500 n=3",
  metrics: [
    { name: 'latency_ms', value: 12, unit: 'ms', warn: 200, crit: 500 },
    { name: 'ratio', value: 0.25, min: 0, max: 1 },
  ],
  labels: { target: 'a\\b' },
}]);
assert.deepEqual(requests[0], {
  method: 'GET', url: 'http://127.0.0.1:1/x?a="b"', timeout_ms: 1500, response_mode: 'status_body',
});
console.log(`sdk/c: ${Object.keys(expected).length} checks passed`);
