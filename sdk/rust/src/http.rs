//! HTTP through the host (`http_request`): the host makes the call under the operator's grants.

use crate::error::check;
use crate::json::{self, Writer};
use crate::{sys, Error};

/// How the host hands the response back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseMode {
    /// `{"status","headers","body_base64"}`: headers included, the body grows by a third on the
    /// way. The default.
    Envelope,
    /// `"<status>\n<body>"`: no headers, the body as it is.
    StatusBody,
}

/// The first response buffer; a GET that does not fit is repeated with a bigger one.
const FIRST_BUFFER: usize = 64 * 1024;
/// Enough for the host's default 2 MiB body cap in the base64 envelope.
const DEFAULT_MAX_RESPONSE: usize = 3 * 1024 * 1024;

/// A request; build with [`Request::get`] or [`Request::new`], then [`Request::send`].
#[derive(Debug, Clone)]
pub struct Request {
    method: String,
    url: String,
    headers: Vec<(String, String)>,
    body: Option<Vec<u8>>,
    timeout_ms: u32,
    mode: ResponseMode,
    max_response_bytes: usize,
    follow_redirects: Option<bool>,
}

/// A response the host received.
#[derive(Debug, Clone, PartialEq)]
pub struct HttpResponse {
    pub status: u16,
    /// Empty in [`ResponseMode::StatusBody`]; repeated headers arrive joined by commas.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// The body as text (invalid UTF-8 replaced).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> Result<json::Value, Error> {
        let text = std::str::from_utf8(&self.body).map_err(|_| Error::BadResponse("body is not UTF-8".into()))?;
        Ok(json::parse(text)?)
    }

    /// A header by name, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// `GET url`, headers included, with a timeout (0 = the time left in the run).
pub fn get(url: &str, timeout_ms: u32) -> Result<HttpResponse, Error> {
    Request::get(url).timeout_ms(timeout_ms).send()
}

impl Request {
    pub fn new(method: &str, url: &str) -> Request {
        Request {
            method: method.to_string(),
            url: url.to_string(),
            headers: Vec::new(),
            body: None,
            timeout_ms: 0,
            mode: ResponseMode::Envelope,
            max_response_bytes: DEFAULT_MAX_RESPONSE,
            follow_redirects: None,
        }
    }

    pub fn get(url: &str) -> Request {
        Request::new("GET", url)
    }

    pub fn post(url: &str, body: impl Into<Vec<u8>>) -> Request {
        Request::new("POST", url).body(body)
    }

    pub fn header(mut self, name: &str, value: &str) -> Request {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Request {
        self.body = Some(body.into());
        self
    }

    /// 0 (the default) leaves the timeout to the host: the time left in the run.
    pub fn timeout_ms(mut self, timeout_ms: u32) -> Request {
        self.timeout_ms = timeout_ms;
        self
    }

    pub fn mode(mut self, mode: ResponseMode) -> Request {
        self.mode = mode;
        self
    }

    pub fn follow_redirects(mut self, follow: bool) -> Request {
        self.follow_redirects = Some(follow);
        self
    }

    /// The largest response (as encoded by the host) this plugin will take in.
    pub fn max_response_bytes(mut self, max: usize) -> Request {
        self.max_response_bytes = max.max(16);
        self
    }

    /// The request JSON handed to `http_request`.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object().key("method").string(&self.method).key("url").string(&self.url);
        if !self.headers.is_empty() {
            w.key("headers").begin_object();
            for (k, v) in &self.headers {
                w.key(k).string(v);
            }
            w.end_object();
        }
        if let Some(body) = &self.body {
            match std::str::from_utf8(body) {
                Ok(text) => w.key("body").string(text),
                Err(_) => w.key("body_base64").string(&json::base64_encode(body)),
            };
        }
        if self.timeout_ms > 0 {
            w.key("timeout_ms").int(self.timeout_ms as i64);
        }
        if let Some(follow) = self.follow_redirects {
            w.key("follow_redirects").bool(follow);
        }
        if self.mode == ResponseMode::StatusBody {
            w.key("response_mode").string("status_body");
        }
        w.end_object();
        w.finish()
    }

    /// Has the host carry out the request. A response larger than the buffer makes the host
    /// answer -3 without a body; GET and HEAD are then sent again with a bigger buffer (up to
    /// [`Request::max_response_bytes`]), other methods get the largest buffer from the start so
    /// they are never repeated.
    pub fn send(&self) -> Result<HttpResponse, Error> {
        let request = self.to_json();
        let idempotent = matches!(self.method.as_str(), "GET" | "HEAD" | "OPTIONS");
        let mut cap = if idempotent { FIRST_BUFFER.min(self.max_response_bytes) } else { self.max_response_bytes };
        loop {
            let mut buf = vec![0u8; cap];
            match check(sys::http_request(request.as_bytes(), &mut buf)) {
                Ok(n) => return parse_response(&buf[..n], self.mode),
                Err(Error::TooLarge) if cap < self.max_response_bytes => {
                    cap = cap.saturating_mul(8).min(self.max_response_bytes);
                }
                Err(e) => return Err(e),
            }
        }
    }
}

/// Reads either encoding of the host's answer.
pub fn parse_response(raw: &[u8], mode: ResponseMode) -> Result<HttpResponse, Error> {
    match mode {
        ResponseMode::StatusBody => {
            let newline = raw
                .iter()
                .position(|&b| b == b'\n')
                .ok_or_else(|| Error::BadResponse("no status line".into()))?;
            let status = std::str::from_utf8(&raw[..newline])
                .ok()
                .and_then(|s| s.trim().parse::<u16>().ok())
                .ok_or_else(|| Error::BadResponse("bad status line".into()))?;
            Ok(HttpResponse { status, headers: Vec::new(), body: raw[newline + 1..].to_vec() })
        }
        ResponseMode::Envelope => {
            let text = std::str::from_utf8(raw).map_err(|_| Error::BadResponse("envelope is not UTF-8".into()))?;
            let doc = json::parse(text)?;
            let status = doc
                .get_i64("status")
                .filter(|s| (0..=999).contains(s))
                .ok_or_else(|| Error::BadResponse("envelope has no status".into()))? as u16;
            let headers = doc
                .get("headers")
                .and_then(json::Value::as_object)
                .map(|members| {
                    members.iter().filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string()))).collect()
                })
                .unwrap_or_default();
            let body = match doc.get_str("body_base64") {
                Some(b64) => {
                    json::base64_decode(b64).ok_or_else(|| Error::BadResponse("body_base64 is not base64".into()))?
                }
                None => doc.get_str("body").map(|s| s.as_bytes().to_vec()).unwrap_or_default(),
            };
            Ok(HttpResponse { status, headers, body })
        }
    }
}
