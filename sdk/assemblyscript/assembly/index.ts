// Warden plugin SDK for AssemblyScript: host ABI v1 (import module "env").
//
// A checker exports `run_check(): void`, reads its params, measures through the host and submits
// one result. Only the host functions a plugin really calls become imports of its module, and
// the host accepts a module only when its manifest lists the capability of every import:
// config/params -> get_config, log -> log, CheckResult.submit -> submit_result,
// http -> http_request, TcpConnection -> tcp_connect, udp -> udp_sendto, dns -> dns_lookup.
//
// AssemblyScript has no exceptions: calls that can fail return null (or a negative code) and
// leave the ABI code in lastError().

// ---- the imports --------------------------------------------------------------------------------

// @ts-ignore: decorator
@external("env", "get_config")
declare function host_get_config(ptr: usize, cap: i32): i32;
// @ts-ignore: decorator
@external("env", "log")
declare function host_log(level: i32, ptr: usize, len: i32): void;
// @ts-ignore: decorator
@external("env", "submit_result")
declare function host_submit_result(ptr: usize, len: i32): i32;
// @ts-ignore: decorator
@external("env", "http_request")
declare function host_http_request(req: usize, reqLen: i32, resp: usize, respCap: i32): i32;
// @ts-ignore: decorator
@external("env", "tcp_connect")
declare function host_tcp_connect(addr: usize, addrLen: i32, port: i32, timeoutMs: i32): i32;
// @ts-ignore: decorator
@external("env", "tcp_read")
declare function host_tcp_read(handle: i32, buf: usize, cap: i32, timeoutMs: i32): i32;
// @ts-ignore: decorator
@external("env", "tcp_write")
declare function host_tcp_write(handle: i32, buf: usize, len: i32, timeoutMs: i32): i32;
// @ts-ignore: decorator
@external("env", "tcp_close")
declare function host_tcp_close(handle: i32): i32;
// @ts-ignore: decorator
@external("env", "udp_sendto")
declare function host_udp_sendto(addr: usize, addrLen: i32, port: i32, buf: usize, len: i32, timeoutMs: i32): i32;
// @ts-ignore: decorator
@external("env", "dns_lookup")
declare function host_dns_lookup(name: usize, nameLen: i32, rrType: i32, out: usize, outCap: i32): i32;

// ---- return codes --------------------------------------------------------------------------------

export const OK: i32 = 0;
export const INVALID: i32 = -1;
export const DENIED: i32 = -2;
export const TOO_LARGE: i32 = -3;
export const NOT_FOUND: i32 = -4;
export const INTERNAL: i32 = -5;
export const TIMEOUT: i32 = -6;
export const BAD_HANDLE: i32 = -7;
/** Not an ABI code: the host answered something this SDK cannot read. */
export const BAD_RESPONSE: i32 = -100;

let lastCode: i32 = 0;

/** The code of the last call that failed (0 after a success). */
export function lastError(): i32 {
  return lastCode;
}

/** `DENIED`, `TIMEOUT` ... for a return code. */
export function errorName(code: i32): string {
  switch (code) {
    case OK: return "OK";
    case INVALID: return "INVALID";
    case DENIED: return "DENIED";
    case TOO_LARGE: return "TOO_LARGE";
    case NOT_FOUND: return "NOT_FOUND";
    case INTERNAL: return "INTERNAL";
    case TIMEOUT: return "TIMEOUT";
    case BAD_HANDLE: return "BAD_HANDLE";
    case BAD_RESPONSE: return "BAD_RESPONSE";
    default: return "ERROR";
  }
}

/** `errorName(lastError()) (code)`, for summaries. */
export function lastErrorText(): string {
  return errorName(lastCode) + " (" + lastCode.toString() + ")";
}

function fail(code: i32): void {
  lastCode = code;
}

// ---- bytes ---------------------------------------------------------------------------------------

function utf8(s: string): ArrayBuffer {
  return String.UTF8.encode(s, false);
}

function ptr(buf: ArrayBuffer): usize {
  return changetype<usize>(buf);
}

function text(buf: ArrayBuffer, len: i32): string {
  return String.UTF8.decodeUnsafe(changetype<usize>(buf), <usize>len, false);
}

// ---- params --------------------------------------------------------------------------------------

/** The assignment's params JSON, the buffer grown while the host answers TOO_LARGE; null on error. */
export function config(): string | null {
  let cap: i32 = 4096;
  while (true) {
    const buf = new ArrayBuffer(cap);
    const rc = host_get_config(ptr(buf), cap);
    if (rc >= 0) {
      lastCode = OK;
      return text(buf, rc);
    }
    if (rc == TOO_LARGE && cap < (16 << 20)) {
      cap <<= 2;
      continue;
    }
    fail(rc);
    return null;
  }
}

/** The params parsed; an empty object when they are blank, missing or not JSON (see lastError()). */
export function params(): JsonValue {
  const raw = config();
  if (raw === null) {
    return JsonValue.object();
  }
  if (raw.trim().length == 0) {
    return JsonValue.object();
  }
  const parsed = JsonValue.parse(raw);
  if (parsed === null) {
    fail(BAD_RESPONSE);
    return JsonValue.object();
  }
  return parsed;
}

// ---- log -----------------------------------------------------------------------------------------

export namespace log {
  export function write(level: i32, message: string): void {
    const buf = utf8(message);
    host_log(level, ptr(buf), buf.byteLength);
  }

  export function debug(message: string): void {
    write(0, message);
  }

  export function info(message: string): void {
    write(1, message);
  }

  export function warn(message: string): void {
    write(2, message);
  }

  export function error(message: string): void {
    write(3, message);
  }
}

// ---- JSON ----------------------------------------------------------------------------------------

/** Appends `s` as a JSON string literal. */
export function jsonQuote(s: string): string {
  let out = "\"";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let esc: string | null = null;
    if (c == 0x22) esc = "\\\"";
    else if (c == 0x5c) esc = "\\\\";
    else if (c == 0x0a) esc = "\\n";
    else if (c == 0x0d) esc = "\\r";
    else if (c == 0x09) esc = "\\t";
    else if (c < 0x20) esc = "\\u00" + (c < 0x10 ? "0" : "") + (<u32>c).toString(16);
    if (esc !== null) {
      out += s.substring(start, i) + esc;
      start = i + 1;
    }
  }
  return out + s.substring(start) + "\"";
}

/** A number as JSON: whole numbers without a fraction, NaN and infinities as null. */
export function jsonNumber(n: f64): string {
  if (!isFinite(n)) return "null";
  if (n == Math.floor(n) && Math.abs(n) < 9.0e15) return (<i64>n).toString();
  return n.toString();
}

/** Builds one JSON document front to back, placing the commas. */
export class JsonWriter {
  private out: string = "";
  private hasMember: bool[] = [];
  private afterKey: bool = false;

  private before(): void {
    if (this.afterKey) {
      this.afterKey = false;
      return;
    }
    const depth = this.hasMember.length;
    if (depth > 0) {
      if (this.hasMember[depth - 1]) this.out += ",";
      this.hasMember[depth - 1] = true;
    }
  }

  beginObject(): JsonWriter {
    this.before();
    this.out += "{";
    this.hasMember.push(false);
    return this;
  }

  endObject(): JsonWriter {
    this.hasMember.pop();
    this.out += "}";
    return this;
  }

  beginArray(): JsonWriter {
    this.before();
    this.out += "[";
    this.hasMember.push(false);
    return this;
  }

  endArray(): JsonWriter {
    this.hasMember.pop();
    this.out += "]";
    return this;
  }

  key(name: string): JsonWriter {
    this.before();
    this.out += jsonQuote(name) + ":";
    this.afterKey = true;
    return this;
  }

  string(s: string): JsonWriter {
    this.before();
    this.out += jsonQuote(s);
    return this;
  }

  number(n: f64): JsonWriter {
    this.before();
    this.out += jsonNumber(n);
    return this;
  }

  bool(b: bool): JsonWriter {
    this.before();
    this.out += b ? "true" : "false";
    return this;
  }

  null(): JsonWriter {
    this.before();
    this.out += "null";
    return this;
  }

  /** Already-serialised JSON as one value. */
  raw(json: string): JsonWriter {
    this.before();
    this.out += json;
    return this;
  }

  toString(): string {
    return this.out;
  }
}

export enum JsonKind { Null, Bool, Number, String, Array, Object }

/** A parsed JSON value; objects keep their members in document order. */
export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  boolValue: bool = false;
  numberValue: f64 = 0;
  stringValue: string = "";
  items: JsonValue[] = [];
  keys: string[] = [];

  static object(): JsonValue {
    const v = new JsonValue();
    v.kind = JsonKind.Object;
    return v;
  }

  /** Parses one document; null when it is not JSON. */
  static parse(text: string): JsonValue | null {
    const p = new JsonParser(text);
    const v = p.value(0);
    p.skipWs();
    if (v === null || p.failed || p.i != text.length) return null;
    return v;
  }

  isNull(): bool { return this.kind == JsonKind.Null; }
  isBool(): bool { return this.kind == JsonKind.Bool; }
  isNumber(): bool { return this.kind == JsonKind.Number; }
  isString(): bool { return this.kind == JsonKind.String; }
  isArray(): bool { return this.kind == JsonKind.Array; }
  isObject(): bool { return this.kind == JsonKind.Object; }

  /** An object member by name (the first, should a name repeat). */
  get(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] == key) return this.items[i];
    }
    return null;
  }

  /** An array element. */
  at(index: i32): JsonValue | null {
    if (this.kind != JsonKind.Array || index < 0 || index >= this.items.length) return null;
    return this.items[index];
  }

  /** The value at an RFC 6901 pointer: "" is the whole document, "/a/b/0" walks names and indexes. */
  pointer(path: string): JsonValue | null {
    if (path.length == 0) return this;
    if (path.charCodeAt(0) != 0x2f) return null;
    const tokens = path.substring(1).split("/");
    let at: JsonValue | null = this;
    for (let i = 0; i < tokens.length && at !== null; i++) {
      const token = tokens[i].replaceAll("~1", "/").replaceAll("~0", "~");
      const node: JsonValue = at;
      if (node.kind == JsonKind.Object) {
        at = node.get(token);
      } else if (node.kind == JsonKind.Array) {
        at = node.at(parseIndex(token));
      } else {
        at = null;
      }
    }
    return at;
  }

  /** A member's string, or the fallback when absent or not a string. */
  getString(key: string, fallback: string = ""): string {
    const v = this.get(key);
    return v !== null && v.kind == JsonKind.String ? v.stringValue : fallback;
  }

  getNumber(key: string, fallback: f64 = 0): f64 {
    const v = this.get(key);
    return v !== null && v.kind == JsonKind.Number ? v.numberValue : fallback;
  }

  getBool(key: string, fallback: bool = false): bool {
    const v = this.get(key);
    return v !== null && v.kind == JsonKind.Bool ? v.boolValue : fallback;
  }

  /** The string at a pointer, or the fallback. */
  stringAt(path: string, fallback: string = ""): string {
    const v = this.pointer(path);
    return v !== null && v.kind == JsonKind.String ? v.stringValue : fallback;
  }

  numberAt(path: string, fallback: f64 = 0): f64 {
    const v = this.pointer(path);
    return v !== null && v.kind == JsonKind.Number ? v.numberValue : fallback;
  }

  boolAt(path: string, fallback: bool = false): bool {
    const v = this.pointer(path);
    return v !== null && v.kind == JsonKind.Bool ? v.boolValue : fallback;
  }

  /** Compact JSON. */
  toString(): string {
    switch (this.kind) {
      case JsonKind.Bool: return this.boolValue ? "true" : "false";
      case JsonKind.Number: return jsonNumber(this.numberValue);
      case JsonKind.String: return jsonQuote(this.stringValue);
      case JsonKind.Array: {
        let out = "[";
        for (let i = 0; i < this.items.length; i++) out += (i > 0 ? "," : "") + this.items[i].toString();
        return out + "]";
      }
      case JsonKind.Object: {
        let out = "{";
        for (let i = 0; i < this.items.length; i++) {
          out += (i > 0 ? "," : "") + jsonQuote(this.keys[i]) + ":" + this.items[i].toString();
        }
        return out + "}";
      }
      default: return "null";
    }
  }
}

function parseIndex(token: string): i32 {
  if (token.length == 0 || token.length > 9 || (token.length > 1 && token.charCodeAt(0) == 0x30)) return -1;
  let n: i32 = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    n = n * 10 + (c - 0x30);
  }
  return n;
}

/** Deep enough for any sane params document; bounds the recursion on hostile input. */
const MAX_DEPTH: i32 = 128;

class JsonParser {
  s: string;
  i: i32 = 0;
  failed: bool = false;

  constructor(s: string) {
    this.s = s;
  }

  skipWs(): void {
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) break;
      this.i++;
    }
  }

  peek(): i32 {
    return this.i < this.s.length ? this.s.charCodeAt(this.i) : -1;
  }

  bad(): JsonValue | null {
    this.failed = true;
    return null;
  }

  word(w: string, kind: JsonKind, b: bool): JsonValue | null {
    if (this.s.substr(this.i, w.length) != w) return this.bad();
    this.i += w.length;
    const v = new JsonValue();
    v.kind = kind;
    v.boolValue = b;
    return v;
  }

  value(depth: i32): JsonValue | null {
    if (depth > MAX_DEPTH) return this.bad();
    this.skipWs();
    const c = this.peek();
    if (c == 0x7b) return this.object(depth);
    if (c == 0x5b) return this.array(depth);
    if (c == 0x22) {
      const s = this.string();
      if (s === null) return this.bad();
      const v = new JsonValue();
      v.kind = JsonKind.String;
      v.stringValue = s;
      return v;
    }
    if (c == 0x74) return this.word("true", JsonKind.Bool, true);
    if (c == 0x66) return this.word("false", JsonKind.Bool, false);
    if (c == 0x6e) return this.word("null", JsonKind.Null, false);
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.number();
    return this.bad();
  }

  object(depth: i32): JsonValue | null {
    this.i++;
    const v = JsonValue.object();
    this.skipWs();
    if (this.peek() == 0x7d) {
      this.i++;
      return v;
    }
    while (true) {
      this.skipWs();
      if (this.peek() != 0x22) return this.bad();
      const key = this.string();
      if (key === null) return this.bad();
      this.skipWs();
      if (this.peek() != 0x3a) return this.bad();
      this.i++;
      const item = this.value(depth + 1);
      if (item === null) return this.bad();
      v.keys.push(key);
      v.items.push(item);
      this.skipWs();
      const c = this.peek();
      this.i++;
      if (c == 0x7d) return v;
      if (c != 0x2c) return this.bad();
    }
  }

  array(depth: i32): JsonValue | null {
    this.i++;
    const v = new JsonValue();
    v.kind = JsonKind.Array;
    this.skipWs();
    if (this.peek() == 0x5d) {
      this.i++;
      return v;
    }
    while (true) {
      const item = this.value(depth + 1);
      if (item === null) return this.bad();
      v.items.push(item);
      this.skipWs();
      const c = this.peek();
      this.i++;
      if (c == 0x5d) return v;
      if (c != 0x2c) return this.bad();
    }
  }

  digits(): i32 {
    const start = this.i;
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c < 0x30 || c > 0x39) break;
      this.i++;
    }
    return this.i - start;
  }

  number(): JsonValue | null {
    const start = this.i;
    if (this.peek() == 0x2d) this.i++;
    const intStart = this.i;
    const intLen = this.digits();
    if (intLen == 0 || (intLen > 1 && this.s.charCodeAt(intStart) == 0x30)) return this.bad();
    if (this.peek() == 0x2e) {
      this.i++;
      if (this.digits() == 0) return this.bad();
    }
    if (this.peek() == 0x65 || this.peek() == 0x45) {
      this.i++;
      if (this.peek() == 0x2b || this.peek() == 0x2d) this.i++;
      if (this.digits() == 0) return this.bad();
    }
    const v = new JsonValue();
    v.kind = JsonKind.Number;
    v.numberValue = parseFloat(this.s.substring(start, this.i));
    return v;
  }

  hex4(): i32 {
    if (this.i + 4 > this.s.length) return -1;
    let n: i32 = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.s.charCodeAt(this.i++);
      let d: i32 = -1;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x61 + 10;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x41 + 10;
      if (d < 0) return -1;
      n = n * 16 + d;
    }
    return n;
  }

  /** A string literal at i (on its opening quote); null if malformed. UTF-16 carries \u pairs as they are. */
  string(): string | null {
    this.i++;
    let out = "";
    let start = this.i;
    while (this.i < this.s.length) {
      const c = this.s.charCodeAt(this.i);
      if (c == 0x22) {
        out += this.s.substring(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) return null;
      if (c != 0x5c) {
        this.i++;
        continue;
      }
      out += this.s.substring(start, this.i);
      this.i++;
      const e = this.peek();
      this.i++;
      if (e == 0x22) out += "\"";
      else if (e == 0x5c) out += "\\";
      else if (e == 0x2f) out += "/";
      else if (e == 0x62) out += "\b";
      else if (e == 0x66) out += "\f";
      else if (e == 0x6e) out += "\n";
      else if (e == 0x72) out += "\r";
      else if (e == 0x74) out += "\t";
      else if (e == 0x75) {
        const code = this.hex4();
        if (code < 0) return null;
        out += String.fromCharCode(code);
      } else return null;
      start = this.i;
    }
    return null;
  }
}

// ---- base64 (the http_request envelope carries bodies as body_base64) -----------------------------

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 to bytes (padding optional, whitespace ignored); null if malformed. */
export function base64Decode(s: string): Uint8Array | null {
  const out = new Uint8Array(((s.length + 3) >> 2) * 3);
  let n: i32 = 0;
  let acc: u32 = 0;
  let bits: i32 = 0;
  let padding: i32 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let v: i32 = -1;
    if (c >= 0x41 && c <= 0x5a) v = c - 0x41;
    else if (c >= 0x61 && c <= 0x7a) v = c - 0x61 + 26;
    else if (c >= 0x30 && c <= 0x39) v = c - 0x30 + 52;
    else if (c == 0x2b) v = 62;
    else if (c == 0x2f) v = 63;
    else if (c == 0x3d) {
      padding++;
      continue;
    } else if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) continue;
    else return null;
    if (padding > 0) return null;
    acc = (acc << 6) | <u32>v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = <u8>(acc >> <u32>bits);
      acc &= (<u32>1 << <u32>bits) - 1;
    }
  }
  if (bits >= 6 || padding > 2) return null;
  return out.subarray(0, n);
}

/** Bytes to standard padded base64. */
export function base64Encode(data: Uint8Array): string {
  let out = "";
  for (let i = 0; i < data.length; i += 3) {
    const rest = data.length - i;
    const n: u32 = (<u32>data[i] << 16) | (rest > 1 ? <u32>data[i + 1] << 8 : 0) | (rest > 2 ? <u32>data[i + 2] : 0);
    out += B64.charAt((n >> 18) & 63) + B64.charAt((n >> 12) & 63);
    out += rest > 1 ? B64.charAt((n >> 6) & 63) : "=";
    out += rest > 2 ? B64.charAt(n & 63) : "=";
  }
  return out;
}

// ---- result --------------------------------------------------------------------------------------

export enum Status { OK, WARNING, CRITICAL, UNKNOWN }

export function statusName(status: Status): string {
  switch (status) {
    case Status.OK: return "OK";
    case Status.WARNING: return "WARNING";
    case Status.CRITICAL: return "CRITICAL";
    default: return "UNKNOWN";
  }
}

/** The status of a value against thresholds exceeded at or above them (NaN = no threshold). */
export function statusOf(value: f64, warn: f64, crit: f64): Status {
  if (!isNaN(crit) && value >= crit) return Status.CRITICAL;
  if (!isNaN(warn) && value >= warn) return Status.WARNING;
  return Status.OK;
}

/** One measured value: `new Metric("latency_ms", 42).unit("ms").warn(200).crit(500)`. */
export class Metric {
  name: string;
  value: f64;
  private _unit: string | null = null;
  private _warn: f64 = NaN;
  private _crit: f64 = NaN;
  private _min: f64 = NaN;
  private _max: f64 = NaN;

  constructor(name: string, value: f64) {
    this.name = name;
    this.value = value;
  }

  unit(unit: string): Metric { this._unit = unit; return this; }
  warn(warn: f64): Metric { this._warn = warn; return this; }
  crit(crit: f64): Metric { this._crit = crit; return this; }
  min(min: f64): Metric { this._min = min; return this; }
  max(max: f64): Metric { this._max = max; return this; }

  /** This metric's status against its own warn/crit. */
  status(): Status {
    return statusOf(this.value, this._warn, this._crit);
  }

  write(w: JsonWriter): void {
    w.beginObject().key("name").string(this.name).key("value").number(this.value);
    const unit = this._unit;
    if (unit !== null) w.key("unit").string(unit);
    if (isFinite(this._warn)) w.key("warn").number(this._warn);
    if (isFinite(this._crit)) w.key("crit").number(this._crit);
    if (isFinite(this._min)) w.key("min").number(this._min);
    if (isFinite(this._max)) w.key("max").number(this._max);
    w.endObject();
  }
}

/** A result under construction: `CheckResult.ok("up").metric(...).label("k", "v").submit()`. */
export class CheckResult {
  status: Status;
  summary: string;
  private metrics: Metric[] = [];
  private labelNames: string[] = [];
  private labelValues: string[] = [];
  private _perfdata: string | null = null;
  private _observedAt: string | null = null;

  constructor(status: Status, summary: string) {
    this.status = status;
    this.summary = summary;
  }

  static ok(summary: string): CheckResult { return new CheckResult(Status.OK, summary); }
  static warning(summary: string): CheckResult { return new CheckResult(Status.WARNING, summary); }
  static critical(summary: string): CheckResult { return new CheckResult(Status.CRITICAL, summary); }
  static unknown(summary: string): CheckResult { return new CheckResult(Status.UNKNOWN, summary); }

  /** Raises the status if `status` is worse; never lowers it. */
  escalate(status: Status): CheckResult {
    if (status > this.status) this.status = status;
    return this;
  }

  /** Adds a metric; NaN or infinite values are left out (the host would reject the result). */
  metric(m: Metric): CheckResult {
    if (isFinite(m.value)) this.metrics.push(m);
    return this;
  }

  /** Sets a label; a later value for the same name replaces the earlier one. */
  label(name: string, value: string): CheckResult {
    const at = this.labelNames.indexOf(name);
    if (at >= 0) {
      this.labelValues[at] = value;
    } else {
      this.labelNames.push(name);
      this.labelValues.push(value);
    }
    return this;
  }

  perfdata(perfdata: string): CheckResult { this._perfdata = perfdata; return this; }

  /** ISO-8601 with offset; the host uses its own clock when absent. */
  observedAt(timestamp: string): CheckResult { this._observedAt = timestamp; return this; }

  toJson(): string {
    const w = new JsonWriter();
    w.beginObject().key("status").string(statusName(this.status)).key("summary").string(this.summary);
    const perfdata = this._perfdata;
    if (perfdata !== null) w.key("perfdata").string(perfdata);
    if (this.metrics.length > 0) {
      w.key("metrics").beginArray();
      for (let i = 0; i < this.metrics.length; i++) this.metrics[i].write(w);
      w.endArray();
    }
    if (this.labelNames.length > 0) {
      w.key("labels").beginObject();
      for (let i = 0; i < this.labelNames.length; i++) w.key(this.labelNames[i]).string(this.labelValues[i]);
      w.endObject();
    }
    const observedAt = this._observedAt;
    if (observedAt !== null) w.key("observed_at").string(observedAt);
    return w.endObject().toString();
  }

  /** Hands the result to the host; 0 or the ABI code. The last result a run submits wins. */
  submit(): i32 {
    const buf = utf8(this.toJson());
    const rc = host_submit_result(ptr(buf), buf.byteLength);
    lastCode = rc < 0 ? rc : OK;
    return rc;
  }
}

let aborting = false;

/**
 * An abort handler that submits UNKNOWN with the message and location, then traps. Map
 * AssemblyScript's abort to it (`"use": ["abort=~lib/@warden/sdk/assembly/index/wardenAbort"]`
 * in asconfig.json) so the module imports no `env.abort`, which no capability provides.
 */
export function wardenAbort(message: string | null, fileName: string | null, line: u32, column: u32): void {
  if (!aborting) {
    aborting = true; // an abort while reporting one (out of memory) must not recurse
    let summary = "abort: " + (message !== null ? message : "(no message)");
    if (fileName !== null) summary += " at " + fileName + ":" + line.toString() + ":" + column.toString();
    CheckResult.unknown(summary).submit();
  }
  unreachable();
}

// ---- HTTP ----------------------------------------------------------------------------------------

/** A response the host received. */
export class HttpResponse {
  status: i32 = 0;
  /** Empty in status_body mode; repeated headers arrive joined by commas. */
  headerNames: string[] = [];
  headerValues: string[] = [];
  body: Uint8Array = new Uint8Array(0);

  /** The body as UTF-8 text. */
  text(): string {
    return String.UTF8.decodeUnsafe(this.body.dataStart, <usize>this.body.length, false);
  }

  /** The body parsed as JSON, or null. */
  json(): JsonValue | null {
    return JsonValue.parse(this.text());
  }

  /** A header by name, case-insensitively. */
  header(name: string): string | null {
    const wanted = name.toLowerCase();
    for (let i = 0; i < this.headerNames.length; i++) {
      if (this.headerNames[i].toLowerCase() == wanted) return this.headerValues[i];
    }
    return null;
  }
}

const HTTP_FIRST_BUFFER: i32 = 64 * 1024;
/** Enough for the host's default 2 MiB body cap in the base64 envelope. */
const HTTP_MAX_RESPONSE: i32 = 3 * 1024 * 1024;

/** A request: `HttpRequest.get(url).header("Accept", "application/json").timeout(2000).send()`. */
export class HttpRequest {
  method: string;
  url: string;
  private headerNames: string[] = [];
  private headerValues: string[] = [];
  private _body: string | null = null;
  private timeoutMs: i32 = 0;
  private statusBody: bool = false;
  private maxResponse: i32 = HTTP_MAX_RESPONSE;

  constructor(method: string, url: string) {
    this.method = method;
    this.url = url;
  }

  static get(url: string): HttpRequest { return new HttpRequest("GET", url); }

  static post(url: string, body: string): HttpRequest { return new HttpRequest("POST", url).body(body); }

  header(name: string, value: string): HttpRequest {
    this.headerNames.push(name);
    this.headerValues.push(value);
    return this;
  }

  body(body: string): HttpRequest { this._body = body; return this; }

  /** 0 (the default) leaves it to the host: the time left in the run. */
  timeout(ms: i32): HttpRequest { this.timeoutMs = ms; return this; }

  /** Asks for "<status>\n<body>" instead of the JSON envelope: no headers, no base64. */
  statusBodyMode(): HttpRequest { this.statusBody = true; return this; }

  /** The largest response (as the host encodes it) this plugin takes in. */
  maxResponseBytes(max: i32): HttpRequest { this.maxResponse = max < 16 ? 16 : max; return this; }

  toJson(): string {
    const w = new JsonWriter();
    w.beginObject().key("method").string(this.method).key("url").string(this.url);
    if (this.headerNames.length > 0) {
      w.key("headers").beginObject();
      for (let i = 0; i < this.headerNames.length; i++) w.key(this.headerNames[i]).string(this.headerValues[i]);
      w.endObject();
    }
    const body = this._body;
    if (body !== null) w.key("body").string(body);
    if (this.timeoutMs > 0) w.key("timeout_ms").number(this.timeoutMs);
    if (this.statusBody) w.key("response_mode").string("status_body");
    return w.endObject().toString();
  }

  /**
   * Has the host carry out the request; null on failure (lastError()). A response larger than the
   * buffer makes the host answer TOO_LARGE: GET and HEAD are then sent again with a bigger buffer,
   * other methods get the largest buffer at once so they are never repeated.
   */
  send(): HttpResponse | null {
    const req = utf8(this.toJson());
    const idempotent = this.method == "GET" || this.method == "HEAD" || this.method == "OPTIONS";
    let cap = idempotent && HTTP_FIRST_BUFFER < this.maxResponse ? HTTP_FIRST_BUFFER : this.maxResponse;
    while (true) {
      const buf = new ArrayBuffer(cap);
      const rc = host_http_request(ptr(req), req.byteLength, ptr(buf), cap);
      if (rc >= 0) {
        const response = parseHttpResponse(buf, rc, this.statusBody);
        lastCode = response !== null ? OK : BAD_RESPONSE;
        return response;
      }
      if (rc == TOO_LARGE && idempotent && cap < this.maxResponse) {
        cap = cap < this.maxResponse >> 3 ? cap << 3 : this.maxResponse;
        continue;
      }
      fail(rc);
      return null;
    }
  }
}

/** Reads either encoding of the host's answer; null when it is neither. */
export function parseHttpResponse(buf: ArrayBuffer, len: i32, statusBody: bool): HttpResponse | null {
  const bytes = Uint8Array.wrap(buf, 0, len);
  const response = new HttpResponse();
  if (statusBody) {
    const newline = bytes.indexOf(0x0a);
    if (newline <= 0) return null;
    let status: i32 = 0;
    for (let i = 0; i < newline; i++) {
      const c = <i32>bytes[i];
      if (c < 0x30 || c > 0x39 || i > 3) return null;
      status = status * 10 + (c - 0x30);
    }
    response.status = status;
    response.body = bytes.slice(newline + 1);
    return response;
  }
  const doc = JsonValue.parse(text(buf, len));
  if (doc === null) return null;
  const status = doc.get("status");
  if (status === null || !status.isNumber()) return null;
  response.status = <i32>status.numberValue;
  const headers = doc.get("headers");
  if (headers !== null && headers.isObject()) {
    for (let i = 0; i < headers.keys.length; i++) {
      if (headers.items[i].isString()) {
        response.headerNames.push(headers.keys[i]);
        response.headerValues.push(headers.items[i].stringValue);
      }
    }
  }
  const b64 = doc.get("body_base64");
  if (b64 !== null && b64.isString()) {
    const body = base64Decode(b64.stringValue);
    if (body === null) return null;
    response.body = body;
  } else {
    response.body = Uint8Array.wrap(utf8(doc.getString("body")));
  }
  return response;
}

export namespace http {
  /** GET url with a timeout (0 = the time left in the run), headers included; null on failure. */
  export function get(url: string, timeoutMs: i32 = 0): HttpResponse | null {
    return HttpRequest.get(url).timeout(timeoutMs).send();
  }
}

// ---- TCP and UDP ---------------------------------------------------------------------------------

/**
 * A connection the host holds: `TcpConnection.connect(host, port, timeoutMs)`. Close it when done;
 * the host closes whatever a run left open when the run ends.
 */
export class TcpConnection {
  handle: i32;
  /** Read/write timeout; 0 = the time left in the run. */
  timeoutMs: i32;

  constructor(handle: i32, timeoutMs: i32) {
    this.handle = handle;
    this.timeoutMs = timeoutMs;
  }

  /** Null on failure (lastError(): DENIED, TIMEOUT ...). */
  static connect(host: string, port: i32, timeoutMs: i32 = 0): TcpConnection | null {
    const addr = utf8(host);
    const rc = host_tcp_connect(ptr(addr), addr.byteLength, port, timeoutMs);
    if (rc < 0) {
      fail(rc);
      return null;
    }
    lastCode = OK;
    return new TcpConnection(rc, timeoutMs);
  }

  /** Reads into buf: the count (0 at the end of the stream) or a negative code. */
  read(buf: Uint8Array): i32 {
    const rc = host_tcp_read(this.handle, buf.dataStart, buf.length, this.timeoutMs);
    lastCode = rc < 0 ? rc : OK;
    return rc;
  }

  /** Reads once, at most `max` bytes, as UTF-8 text; null on error. */
  readString(max: i32 = 4096): string | null {
    const buf = new Uint8Array(max);
    const n = this.read(buf);
    if (n < 0) return null;
    return String.UTF8.decodeUnsafe(buf.dataStart, <usize>n, false);
  }

  /** Writes all of data: its length or a negative code. */
  write(data: Uint8Array): i32 {
    let done: i32 = 0;
    while (done < data.length) {
      const rc = host_tcp_write(this.handle, data.dataStart + <usize>done, data.length - done, this.timeoutMs);
      if (rc <= 0) {
        fail(rc < 0 ? rc : INTERNAL);
        return lastCode;
      }
      done += rc;
    }
    lastCode = OK;
    return done;
  }

  writeString(s: string): i32 {
    return this.write(Uint8Array.wrap(utf8(s)));
  }

  /** 0 or a negative code. */
  close(): i32 {
    const rc = host_tcp_close(this.handle);
    this.handle = -1;
    lastCode = rc < 0 ? rc : OK;
    return rc;
  }
}

export namespace udp {
  /** Sends one datagram: the count sent or a negative code. */
  export function sendTo(host: string, port: i32, data: Uint8Array, timeoutMs: i32 = 0): i32 {
    const addr = utf8(host);
    const rc = host_udp_sendto(ptr(addr), addr.byteLength, port, data.dataStart, data.length, timeoutMs);
    lastCode = rc < 0 ? rc : OK;
    return rc;
  }
}

// ---- DNS -----------------------------------------------------------------------------------------

/** DNS RR type numbers. */
export enum RecordType { A = 1, NS = 2, CNAME = 5, PTR = 12, MX = 15, TXT = 16, AAAA = 28, SRV = 33 }

/** The records the host found, in presentation format ("10 mx.example.com."). */
export class DnsAnswer {
  name: string = "";
  type: string = "";
  records: string[] = [];
  ttl: i32 = 0;
}

export namespace dns {
  /** Looks a name up; null on failure (NOT_FOUND for no such name or no records of the type). */
  export function lookup(name: string, type: RecordType): DnsAnswer | null {
    const nameBuf = utf8(name);
    let cap: i32 = 4096;
    while (true) {
      const buf = new ArrayBuffer(cap);
      const rc = host_dns_lookup(ptr(nameBuf), nameBuf.byteLength, <i32>type, ptr(buf), cap);
      if (rc == TOO_LARGE && cap < (1 << 20)) {
        cap <<= 3;
        continue;
      }
      if (rc < 0) {
        fail(rc);
        return null;
      }
      const doc = JsonValue.parse(text(buf, rc));
      const records = doc !== null ? doc.get("records") : null;
      if (doc === null || records === null || !records.isArray()) {
        fail(BAD_RESPONSE);
        return null;
      }
      const answer = new DnsAnswer();
      answer.name = doc.getString("name", name);
      answer.type = doc.getString("type");
      answer.ttl = <i32>doc.getNumber("ttl");
      for (let i = 0; i < records.items.length; i++) {
        if (records.items[i].isString()) answer.records.push(records.items[i].stringValue);
      }
      lastCode = OK;
      return answer;
    }
  }
}
