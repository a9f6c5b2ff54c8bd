//! Host-side unit tests: `sdk/rust/test.sh` runs them with `rustc --test` (no cargo needed).

use crate::dns::{self, RecordType};
use crate::http::{self, Request, ResponseMode};
use crate::json::{self, Value, Writer};
use crate::tcp::TcpStream;
use crate::testing::{self, Answer};
use crate::{CheckResult, Error, Metric, Status};

#[test]
fn writer_places_commas_and_escapes_strings() {
    let mut w = Writer::new();
    w.begin_object()
        .key("s")
        .string("a\"b\\c\nd\u{1}é")
        .key("list")
        .begin_array()
        .int(1)
        .number(2.5)
        .bool(true)
        .null()
        .end_array()
        .key("empty")
        .begin_object()
        .end_object()
        .end_object();
    assert_eq!(w.finish(), r#"{"s":"a\"b\\c\nd\u0001é","list":[1,2.5,true,null],"empty":{}}"#);
}

#[test]
fn writer_turns_non_finite_numbers_into_null() {
    let mut w = Writer::new();
    w.begin_array().number(f64::NAN).number(f64::INFINITY).number(42.0).end_array();
    assert_eq!(w.finish(), "[null,null,42]");
}

#[test]
fn parser_reads_every_kind_of_value() {
    let v = json::parse(r#" {"s":"x\u00e9\ud83d\ude00\/","n":-1.5e2,"i":7,"t":true,"f":false,"z":null,"a":[1,{"b":2}]} "#)
        .unwrap();
    assert_eq!(v.get_str("s"), Some("xé😀/"));
    assert_eq!(v.get_f64("n"), Some(-150.0));
    assert_eq!(v.get_i64("i"), Some(7));
    assert_eq!(v.get_bool("t"), Some(true));
    assert_eq!(v.get_bool("f"), Some(false));
    assert!(v.get("z").unwrap().is_null());
    assert_eq!(v.pointer("/a/1/b").and_then(Value::as_i64), Some(2));
}

#[test]
fn parser_rejects_malformed_documents_with_an_offset() {
    for bad in ["", "{", "{\"a\" 1}", "[1,]", "01", "1.", "\"\\x\"", "\"a\nb\"", "{} x", "tru", "\"\\ud800\""] {
        assert!(json::parse(bad).is_err(), "accepted {:?}", bad);
    }
    assert_eq!(json::parse("[1,]").unwrap_err().offset, 3);
}

#[test]
fn parser_bounds_nesting_depth() {
    let deep = "[".repeat(200) + &"]".repeat(200);
    assert_eq!(json::parse(&deep).unwrap_err().message, "nested too deeply");
    let fine = "[".repeat(100) + &"]".repeat(100);
    assert!(json::parse(&fine).is_ok());
}

#[test]
fn pointers_follow_rfc6901() {
    let v = json::parse(r#"{"a/b":{"m~n":[10,20]},"":5}"#).unwrap();
    assert_eq!(v.pointer("/a~1b/m~0n/1").and_then(Value::as_i64), Some(20));
    assert_eq!(v.pointer("/").and_then(Value::as_i64), Some(5));
    assert_eq!(v.pointer(""), Some(&v));
    assert_eq!(v.pointer("/a~1b/m~0n/01"), None);
    assert_eq!(v.pointer("/a~1b/m~0n/2"), None);
    assert_eq!(v.pointer("nope"), None);
}

#[test]
fn top_level_helpers_read_values_at_pointers() {
    let doc = r#"{"target":"db1","limits":{"warn":200,"on":true}}"#;
    assert_eq!(json::string_at(doc, "/target").as_deref(), Some("db1"));
    assert_eq!(json::number_at(doc, "/limits/warn"), Some(200.0));
    assert_eq!(json::bool_at(doc, "/limits/on"), Some(true));
    assert_eq!(json::string_at(doc, "/limits/warn"), None);
    assert_eq!(json::string_at("not json", "/target"), None);
}

#[test]
fn value_display_round_trips() {
    let text = r#"{"a":[1,"x",null,{"b":false}],"c":0.25}"#;
    assert_eq!(json::parse(text).unwrap().to_string(), text);
}

#[test]
fn base64_round_trips_and_rejects_garbage() {
    for data in [&b""[..], b"f", b"fo", b"foo", b"foob", b"\x00\xff\x10binary"] {
        let encoded = json::base64_encode(data);
        assert_eq!(json::base64_decode(&encoded).as_deref(), Some(data));
    }
    assert_eq!(json::base64_encode(b"foob"), "Zm9vYg==");
    assert_eq!(json::base64_decode("Zm9v\nYg").as_deref(), Some(&b"foob"[..]));
    assert_eq!(json::base64_decode("Zm9v*"), None);
    assert_eq!(json::base64_decode("Z"), None);
    assert_eq!(json::base64_decode("Zg==Zg"), None);
}

#[test]
fn result_builder_writes_the_result_document() {
    let json = CheckResult::ok("http 200 in 42ms")
        .metric(Metric::new("latency_ms", 42.0).unit("ms").warn(200.0).crit(500.0).min(0.0))
        .metric(Metric::new("broken", f64::NAN))
        .label("target", "api")
        .label("target", "api.example.com")
        .observed_at("2026-01-01T00:00:00Z")
        .to_json();
    assert_eq!(
        json,
        r#"{"status":"OK","summary":"http 200 in 42ms","metrics":[{"name":"latency_ms","value":42,"unit":"ms","warn":200,"crit":500,"min":0}],"labels":{"target":"api.example.com"},"observed_at":"2026-01-01T00:00:00Z"}"#
    );
}

#[test]
fn perfdata_comes_from_metrics_when_asked() {
    let json = CheckResult::warning("slow")
        .metric(Metric::new("latency_ms", 250.0).unit("ms").warn(200.0).crit(500.0))
        .metric(Metric::new("bytes in", 10.0))
        .perfdata_from_metrics()
        .to_json();
    assert_eq!(json::string_at(&json, "/perfdata").as_deref(), Some("latency_ms=250ms;200;500 'bytes in'=10"));
    let explicit = CheckResult::ok("x").metric(Metric::new("a", 1.0)).perfdata("a=1").perfdata_from_metrics();
    assert_eq!(json::string_at(&explicit.to_json(), "/perfdata").as_deref(), Some("a=1"));
}

#[test]
fn status_escalates_but_never_drops() {
    assert_eq!(CheckResult::warning("w").escalate(Status::Ok).status(), Status::Warning);
    assert_eq!(CheckResult::warning("w").escalate(Status::Critical).status(), Status::Critical);
    assert_eq!(Metric::new("m", 250.0).warn(200.0).crit(500.0).status(), Status::Warning);
    assert_eq!(Metric::new("m", 500.0).warn(200.0).crit(500.0).status(), Status::Critical);
    assert_eq!(Status::of_value(1.0, None, None), Status::Ok);
}

#[test]
fn submit_hands_the_json_to_the_host() {
    testing::reset();
    CheckResult::critical("down").submit().unwrap();
    assert_eq!(testing::submitted(), vec![r#"{"status":"CRITICAL","summary":"down"}"#.to_string()]);
    testing::answer("submit_result", Answer::Code(-1));
    assert_eq!(CheckResult::ok("x").submit(), Err(Error::Invalid));
}

#[test]
fn config_grows_its_buffer_until_the_params_fit() {
    testing::reset();
    let big = format!(r#"{{"target":"{}"}}"#, "x".repeat(20_000));
    testing::set_config(&big);
    assert_eq!(crate::config().unwrap(), big);
    // 4 KiB and 16 KiB were too small, 64 KiB fit.
    assert_eq!(testing::calls("get_config").len(), 3);
}

#[test]
fn params_parse_and_blank_params_are_an_empty_object() {
    testing::reset();
    testing::set_config(r#"{"target":"db1"}"#);
    assert_eq!(crate::params().unwrap().get_str("target"), Some("db1"));
    testing::set_config("  ");
    assert_eq!(crate::params().unwrap(), Value::Object(Vec::new()));
    testing::set_config("{oops");
    assert!(matches!(crate::params(), Err(Error::BadResponse(_))));
}

#[test]
fn errors_map_abi_codes_both_ways() {
    for code in -7..=-1 {
        assert_eq!(Error::from_code(code).code(), code);
    }
    assert_eq!(Error::from_code(-2), Error::Denied);
    assert_eq!(Error::from_code(-99), Error::Code(-99));
    assert_eq!(Error::Timeout.to_string(), "TIMEOUT (-6)");
    let io: std::io::Error = Error::Denied.into();
    assert_eq!(io.kind(), std::io::ErrorKind::PermissionDenied);
}

#[test]
fn run_submits_unknown_with_the_error() {
    testing::reset();
    crate::run(|| Err::<(), _>(Error::Denied));
    assert_eq!(testing::submitted(), vec![r#"{"status":"UNKNOWN","summary":"DENIED (-2)"}"#.to_string()]);
    testing::reset();
    crate::run(|| CheckResult::ok("fine").submit());
    assert_eq!(testing::submitted().len(), 1);
}

#[test]
fn log_levels_reach_the_host() {
    testing::reset();
    crate::log::debug("d");
    crate::log::info("i");
    crate::log::warn("w");
    crate::log::error("e");
    let levels: Vec<i32> = testing::logs().iter().map(|(l, _)| *l).collect();
    assert_eq!(levels, vec![0, 1, 2, 3]);
    assert_eq!(testing::logs()[1].1, "i");
}

#[test]
fn http_get_reads_the_envelope_and_decodes_the_body() {
    testing::reset();
    testing::answer(
        "http_request",
        Answer::text(r#"{"status":200,"headers":{"Content-Type":"application/json"},"body_base64":"eyJvayI6dHJ1ZX0="}"#),
    );
    let r = http::get("http://127.0.0.1:8080/health", 1500).unwrap();
    assert_eq!(r.status, 200);
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(r.text(), r#"{"ok":true}"#);
    assert_eq!(r.json().unwrap().get_bool("ok"), Some(true));
    let sent = String::from_utf8(testing::calls("http_request")[0].clone()).unwrap();
    assert_eq!(sent, r#"{"method":"GET","url":"http://127.0.0.1:8080/health","timeout_ms":1500}"#);
}

#[test]
fn http_status_body_mode_keeps_the_raw_body() {
    testing::reset();
    testing::answer("http_request", Answer::text("503\nbusy\nlater"));
    let r = Request::get("http://x/").mode(ResponseMode::StatusBody).header("Accept", "text/plain").send().unwrap();
    assert_eq!((r.status, r.text().as_str()), (503, "busy\nlater"));
    assert!(!r.is_success());
    let sent = String::from_utf8(testing::calls("http_request")[0].clone()).unwrap();
    assert_eq!(json::string_at(&sent, "/response_mode").as_deref(), Some("status_body"));
    assert_eq!(json::string_at(&sent, "/headers/Accept").as_deref(), Some("text/plain"));
}

#[test]
fn http_get_retries_with_a_bigger_buffer_but_post_does_not() {
    testing::reset();
    let body = "y".repeat(100_000);
    testing::answer("http_request", Answer::text(&format!("200\n{}", body)));
    let r = Request::get("http://x/").mode(ResponseMode::StatusBody).send().unwrap();
    assert_eq!(r.body.len(), 100_000);
    assert_eq!(testing::calls("http_request").len(), 2);

    testing::reset();
    testing::answer("http_request", Answer::text(&format!("200\n{}", body)));
    let r = Request::post("http://x/", "data").mode(ResponseMode::StatusBody).max_response_bytes(1000).send();
    assert_eq!(r, Err(Error::TooLarge));
    assert_eq!(testing::calls("http_request").len(), 1);
}

#[test]
fn http_errors_come_back_as_abi_errors() {
    testing::reset();
    testing::answer("http_request", Answer::Code(-2));
    assert_eq!(http::get("http://10.0.0.1/", 0), Err(Error::Denied));
    testing::answer("http_request", Answer::text("{\"nope\":1}"));
    assert!(matches!(http::get("http://x/", 0), Err(Error::BadResponse(_))));
}

#[test]
fn binary_request_bodies_go_as_base64() {
    let json = Request::post("http://x/", vec![0xff, 0x00]).to_json();
    assert_eq!(json::string_at(&json, "/body_base64").as_deref(), Some("/wA="));
    assert_eq!(json::string_at(&Request::post("http://x/", "hi").to_json(), "/body").as_deref(), Some("hi"));
}

#[test]
fn tcp_stream_reads_writes_and_closes_on_drop() {
    testing::reset();
    testing::answer("tcp_connect", Answer::Code(3));
    testing::answer("tcp_read", Answer::text("SSH-2.0-OpenSSH\r\n"));
    {
        let mut s = TcpStream::connect("127.0.0.1", 22, 1000).unwrap();
        assert_eq!(s.handle(), 3);
        s.write_all(b"hello").unwrap();
        let mut buf = [0u8; 8];
        assert_eq!(s.read(&mut buf).unwrap(), 8);
        assert_eq!(&buf, b"SSH-2.0-");
        assert_eq!(s.read_to_end(1024).unwrap(), b"OpenSSH\r\n");
    }
    assert_eq!(testing::calls("tcp_connect"), vec![b"127.0.0.1:22".to_vec()]);
    assert_eq!(testing::calls("tcp_write"), vec![b"hello".to_vec()]);
    assert_eq!(testing::calls("tcp_close"), vec![b"3".to_vec()]);
}

#[test]
fn tcp_close_reports_and_does_not_close_twice() {
    testing::reset();
    testing::answer("tcp_close", Answer::Code(-7));
    let s = TcpStream::connect("h", 1, 0).unwrap();
    assert_eq!(s.close(), Err(Error::BadHandle));
    assert_eq!(testing::calls("tcp_close").len(), 1);
    testing::answer("tcp_connect", Answer::Code(-6));
    assert_eq!(TcpStream::connect("h", 1, 10).unwrap_err(), Error::Timeout);
}

#[test]
fn dns_lookup_reads_the_answer() {
    testing::reset();
    testing::answer(
        "dns_lookup",
        Answer::text(r#"{"name":"example.com","type":"MX","records":["10 mx.example.com."],"ttl":300}"#),
    );
    let a = dns::lookup("example.com", RecordType::MX).unwrap();
    assert_eq!(a.records, vec!["10 mx.example.com.".to_string()]);
    assert_eq!((a.ttl, a.record_type.as_str()), (300, "MX"));
    assert_eq!(testing::calls("dns_lookup"), vec![b"example.com 15".to_vec()]);
    assert_eq!(dns::lookup("nowhere.invalid", RecordType::A), Err(Error::NotFound));
    assert_eq!(RecordType::parse("aaaa"), Some(RecordType::AAAA));
    assert_eq!(RecordType::parse("SOA"), None);
}

#[test]
fn udp_send_reports_the_count() {
    testing::reset();
    testing::answer("udp_sendto", Answer::Code(4));
    assert_eq!(crate::tcp::udp_send_to("127.0.0.1", 514, b"ping", 100), Ok(4));
    assert_eq!(testing::calls("udp_sendto"), vec![b"127.0.0.1:514 ping".to_vec()]);
}

#[test]
fn numbers_print_exact_integers_and_15_significant_digits() {
    let cases: [(f64, &str); 14] = [
        (0.0, "0"),
        (-0.0, "0"),
        (42.0, "42"),
        (-7.0, "-7"),
        (0.1, "0.1"),
        (0.3, "0.3"),
        (42.5, "42.5"),
        (-3.25, "-3.25"),
        (1.0 / 3.0, "0.333333333333333"),
        (123456.789, "123456.789"),
        (0.000025, "0.000025"),
        (2.5e-9, "2.5e-9"),
        (1.5e300, "1.5e300"),
        (9007199254740993.0, "9007199254740992"),
    ];
    for (n, text) in cases {
        let mut out = String::new();
        json::write_number(&mut out, n);
        assert_eq!(out, text, "for {:e}", n);
        assert!((json::parse(&out).unwrap().as_f64().unwrap() - n).abs() <= n.abs() * 1e-14, "{}", out);
    }
    for n in [0.7, 99.99, 1e-300, 5e-324, 1.7976931348623157e308, 0.999999999999999999, 1e21] {
        let mut out = String::new();
        json::write_number(&mut out, n);
        let back = json::parse(&out).unwrap().as_f64().unwrap();
        assert!((back - n).abs() <= n.abs() * 1e-14, "{} printed as {}", n, out);
    }
}
