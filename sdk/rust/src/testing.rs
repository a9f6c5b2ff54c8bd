//! A fake host for unit tests on the build machine (every target but wasm32).
//!
//! Each test thread has its own host: set the params with [`set_config`], queue what an import
//! answers with [`answer`], run the check, then look at [`submitted`], [`logs`] and [`calls`].
//!
//! ```
//! warden::testing::set_config(r#"{"target":"db1"}"#);
//! let params = warden::params().unwrap();
//! assert_eq!(params.get_str("target"), Some("db1"));
//! ```

use std::cell::RefCell;
use std::collections::{HashMap, VecDeque};

/// What a faked import answers to one call.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// Bytes written to the plugin's buffer; the return value is their count. An answer larger
    /// than the buffer returns -3 and stays queued, as the real host lets the plugin retry.
    /// `tcp_read` instead hands out as much as fits and keeps the rest.
    Bytes(Vec<u8>),
    /// A bare return value: a handle, a count or a negative error code.
    Code(i32),
}

impl Answer {
    /// An answer of text bytes.
    pub fn text(s: &str) -> Answer {
        Answer::Bytes(s.as_bytes().to_vec())
    }
}

struct FakeHost {
    config: Vec<u8>,
    answers: HashMap<String, VecDeque<Answer>>,
    calls: Vec<(String, Vec<u8>)>,
    logs: Vec<(i32, String)>,
    results: Vec<String>,
}

impl FakeHost {
    fn new() -> FakeHost {
        FakeHost {
            config: b"{}".to_vec(),
            answers: HashMap::new(),
            calls: Vec::new(),
            logs: Vec::new(),
            results: Vec::new(),
        }
    }
}

thread_local! {
    static HOST: RefCell<FakeHost> = RefCell::new(FakeHost::new());
}

/// Forgets everything this thread's fake host was told and saw.
pub fn reset() {
    HOST.with(|h| *h.borrow_mut() = FakeHost::new());
}

/// The params JSON `get_config` hands out (default `{}`).
pub fn set_config(json: &str) {
    HOST.with(|h| h.borrow_mut().config = json.as_bytes().to_vec());
}

/// Queues the next answer of an import (`http_request`, `dns_lookup`, `tcp_connect`, `tcp_read`,
/// `tcp_write`, `tcp_close`, `udp_sendto`, `submit_result`).
pub fn answer(import: &str, answer: Answer) {
    HOST.with(|h| h.borrow_mut().answers.entry(import.to_string()).or_default().push_back(answer));
}

/// The result JSON documents submitted so far, oldest first (the host keeps the last one).
pub fn submitted() -> Vec<String> {
    HOST.with(|h| h.borrow().results.clone())
}

/// The log lines so far as (level, text).
pub fn logs() -> Vec<(i32, String)> {
    HOST.with(|h| h.borrow().logs.clone())
}

/// What the plugin passed to each call of an import, oldest first. `tcp_connect` shows
/// `host:port`, `dns_lookup` shows `name type`, `udp_sendto` shows `host:port payload`.
pub fn calls(import: &str) -> Vec<Vec<u8>> {
    HOST.with(|h| {
        h.borrow().calls.iter().filter(|(name, _)| name == import).map(|(_, input)| input.clone()).collect()
    })
}

pub(crate) fn record_log(level: i32, msg: &[u8]) {
    HOST.with(|h| h.borrow_mut().logs.push((level, String::from_utf8_lossy(msg).into_owned())));
}

pub(crate) fn host_call(import: &str, input: &[u8], out: Option<&mut [u8]>) -> i32 {
    HOST.with(|h| {
        let mut host = h.borrow_mut();
        host.calls.push((import.to_string(), input.to_vec()));
        if import == "get_config" {
            let config = host.config.clone();
            return write_all(&config, out);
        }
        let queued = host.answers.get_mut(import).and_then(|q| q.pop_front());
        let rc = match queued {
            Some(Answer::Code(code)) => code,
            Some(Answer::Bytes(bytes)) => {
                let cap = out.as_ref().map_or(0, |o| o.len());
                if import == "tcp_read" && bytes.len() > cap {
                    let rest = bytes[cap..].to_vec();
                    host.answers.get_mut(import).unwrap().push_front(Answer::Bytes(rest));
                    write_all(&bytes[..cap], out)
                } else if bytes.len() > cap {
                    host.answers.get_mut(import).unwrap().push_front(Answer::Bytes(bytes));
                    -3
                } else {
                    write_all(&bytes, out)
                }
            }
            None => default_answer(import, input),
        };
        if import == "submit_result" && rc == 0 {
            host.results.push(String::from_utf8_lossy(input).into_owned());
        }
        rc
    })
}

fn write_all(bytes: &[u8], out: Option<&mut [u8]>) -> i32 {
    match out {
        Some(buf) if buf.len() >= bytes.len() => {
            buf[..bytes.len()].copy_from_slice(bytes);
            bytes.len() as i32
        }
        _ => -3,
    }
}

/// Without a queued answer: accept results, writes and closes, connect as handle 1, end of
/// stream on reads; lookups and requests fail as the host does when nothing answers.
fn default_answer(import: &str, input: &[u8]) -> i32 {
    match import {
        "submit_result" | "tcp_close" | "tcp_read" => 0,
        "tcp_write" => input.len() as i32,
        "tcp_connect" => 1,
        "dns_lookup" => -4,
        _ => -5,
    }
}
