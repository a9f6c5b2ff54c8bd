// Test module for the SDK: each export exercises one part and reports through log/submit_result,
// which test/sdk.test.mjs fakes and inspects.
import {
  CheckResult, DnsAnswer, HttpRequest, JsonValue, JsonWriter, Metric, RecordType, Status, TcpConnection,
  base64Decode, base64Encode, config, dns, errorName, http, lastError, log, params,
} from "../assembly/index";

export function jsonRoundTrip(): void {
  const v = JsonValue.parse("{\"s\":\"a\\\"b\\u00e9\\ud83d\\ude00\",\"n\":-1.5e2,\"a\":[1,{\"b\":true}],\"x~/y\":null}");
  if (v === null) { log.error("parse failed"); return; }
  log.info(v.getString("s") + "|" + v.getNumber("n").toString() + "|" + v.boolAt("/a/1/b").toString()
    + "|" + (v.pointer("/x~0~1y") !== null).toString() + "|" + v.numberAt("/a/0").toString());
  log.info(v.toString());
}

export function jsonRejects(): void {
  const bad = ["", "{", "[1,]", "01", "1.", "\"\\x\"", "{} x", "tru", "{\"a\" 1}"];
  let accepted = 0;
  for (let i = 0; i < bad.length; i++) if (JsonValue.parse(bad[i]) !== null) accepted++;
  log.info("accepted " + accepted.toString());
}

export function writer(): void {
  const w = new JsonWriter();
  w.beginObject().key("s").string("q\"\n\u0001").key("l").beginArray().number(1).number(2.5).bool(false).null()
    .endArray().key("o").beginObject().endObject().key("nan").number(NaN).endObject();
  log.info(w.toString());
}

export function base64(): void {
  const d = base64Decode("Zm9vYg==");
  log.info(base64Encode(d!) + "|" + (base64Decode("Zm9v*") === null).toString());
}

export function resultBuilder(): void {
  CheckResult.warning("slow")
    .metric(new Metric("latency_ms", 250).unit("ms").warn(200).crit(500))
    .metric(new Metric("broken", NaN))
    .label("k", "a").label("k", "b")
    .escalate(Status.OK)
    .submit();
}

export function paramsAndConfig(): void {
  const p = params();
  log.info(p.getString("target", "world") + "|" + config()!.length.toString() + "|" + lastError().toString());
}

export function httpEnvelope(): void {
  const r = http.get("http://127.0.0.1/x", 1500);
  if (r === null) { log.error(errorName(lastError())); return; }
  log.info(r.status.toString() + "|" + r.text() + "|" + r.header("content-type")!);
}

export function httpStatusBody(): void {
  const r = HttpRequest.get("http://127.0.0.1/big").statusBodyMode().header("Accept", "text/plain").send();
  if (r === null) { log.error(errorName(lastError())); return; }
  log.info(r.status.toString() + "|" + r.body.length.toString());
}

export function httpDenied(): void {
  const r = http.get("http://10.0.0.1/", 0);
  log.info((r === null).toString() + "|" + errorName(lastError()));
}

export function dnsLookup(): void {
  const a: DnsAnswer | null = dns.lookup("example.com", RecordType.MX);
  if (a === null) { log.error(errorName(lastError())); return; }
  log.info(a.records.join(",") + "|" + a.ttl.toString() + "|" + a.type);
}

export function tcpBanner(): void {
  const c = TcpConnection.connect("127.0.0.1", 22, 1000);
  if (c === null) { log.error(errorName(lastError())); return; }
  c.writeString("hi");
  log.info(c.readString(64)! + "|" + c.close().toString());
}

export function aborts(): void {
  const a = [1, 2];
  log.info(a[5].toString());
}
