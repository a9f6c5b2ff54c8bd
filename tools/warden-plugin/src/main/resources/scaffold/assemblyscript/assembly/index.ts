// @ID@: reads {"target"} and submits OK "hello from <target>".
// The host ABI (module "env") declared directly; the SDK in sdk/assemblyscript wraps the same
// imports (params, logging, result builder, HTTP) - see docs/plugin-authoring.md.
@external("env", "get_config") declare function get_config(buf: usize, cap: i32): i32;
@external("env", "log") declare function host_log(level: i32, msg: usize, len: i32): void;
@external("env", "submit_result") declare function submit_result(json: usize, len: i32): i32;

function send(text: string, into: (ptr: usize, len: i32) => void): void {
  const bytes = String.UTF8.encode(text);
  into(changetype<usize>(bytes), bytes.byteLength);
}

export function run_check(): void {
  const buf = new ArrayBuffer(4096);
  const n = get_config(changetype<usize>(buf), buf.byteLength);
  const params = n > 0 ? String.UTF8.decodeUnsafe(changetype<usize>(buf), n) : "{}";
  const at = params.indexOf("\"target\":\"");
  const target = at < 0 ? "world" : params.slice(at + 10, params.indexOf("\"", at + 10));
  send("@ID@: checking " + target, (p, l) => host_log(1, p, l));
  send("{\"status\":\"OK\",\"summary\":\"hello from " + target + "\",\"metrics\":[{\"name\":\"target_length\",\"value\":"
    + target.length.toString() + ",\"unit\":\"chars\"}]}", (p, l) => { submit_result(p, l); });
}
