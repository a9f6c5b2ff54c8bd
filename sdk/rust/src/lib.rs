//! # warden — plugin SDK for Warden checkers (host ABI v1)
//!
//! A checker is a WebAssembly module that exports `run_check`; it reads its params, measures
//! something through the host, and submits one result. This crate wraps the imports of module
//! `env` in a `Result` API. It has no dependencies and builds with a plain `rustc` 1.63:
//!
//! ```text
//! rustc --edition 2021 --crate-type rlib --crate-name warden --target wasm32-unknown-unknown \
//!       -O sdk/rust/src/lib.rs -o target/libwarden.rlib
//! rustc --edition 2021 --crate-type cdylib --target wasm32-unknown-unknown -O \
//!       --extern warden=target/libwarden.rlib -L target check.rs -o plugin.wasm
//! ```
//!
//! A whole checker:
//!
//! ```no_run
//! use warden::{CheckResult, Metric};
//!
//! warden::entrypoint!(check);
//!
//! fn check() -> Result<(), warden::Error> {
//!     let params = warden::params()?;
//!     let url = params.get_str("url").unwrap_or("http://localhost/");
//!     let response = warden::http::get(url, 5000)?;
//!     CheckResult::ok(format!("http {}", response.status))
//!         .metric(Metric::new("status", response.status as f64))
//!         .label("url", url)
//!         .submit()
//! }
//! ```
//!
//! `entrypoint!(check)` exports `run_check` (and `warden_abi_v1`); an `Err` from `check`
//! becomes an `UNKNOWN` result naming the error. Without the macro, write
//! `#[no_mangle] pub extern "C" fn run_check() { ... }` yourself.
//!
//! Only the imports a plugin really calls end up in its module, and the host accepts a module
//! only if its manifest lists the capability of every import: `config`/`params` need
//! `get_config`, [`log`] needs `log`, [`CheckResult::submit`] needs `submit_result`, [`http`]
//! needs `http_request`, [`tcp::TcpStream`] needs `tcp_connect`, [`tcp::udp_send_to`] needs
//! `udp_sendto`, [`dns`] needs `dns_lookup`.
//!
//! On other targets than wasm32 the imports talk to [`testing`], a fake host for unit tests.

pub mod dns;
mod error;
pub mod http;
pub mod json;
pub mod log;
mod result;
mod sys;
pub mod tcp;
#[cfg(not(target_arch = "wasm32"))]
pub mod testing;

#[cfg(test)]
mod tests;

pub use error::Error;
pub use result::{CheckResult, Metric, Status};

/// The first buffer for the params; `get_config` answers -3 when they need more.
const CONFIG_FIRST_BUFFER: usize = 4 * 1024;
/// Params are small; this bounds the growth should the host keep answering -3.
const CONFIG_MAX_BUFFER: usize = 16 * 1024 * 1024;

/// The assignment's params JSON as the host holds it, the buffer grown as needed.
pub fn config() -> Result<String, Error> {
    let mut cap = CONFIG_FIRST_BUFFER;
    loop {
        let mut buf = vec![0u8; cap];
        match error::check(sys::get_config(&mut buf)) {
            Ok(n) => {
                buf.truncate(n);
                return String::from_utf8(buf).map_err(|_| Error::BadResponse("params are not UTF-8".into()));
            }
            Err(Error::TooLarge) if cap < CONFIG_MAX_BUFFER => cap *= 4,
            Err(e) => return Err(e),
        }
    }
}

/// The params parsed; blank params read as an empty object.
pub fn params() -> Result<json::Value, Error> {
    let text = config()?;
    if text.trim().is_empty() {
        return Ok(json::Value::Object(Vec::new()));
    }
    json::parse(&text).map_err(|e| Error::BadResponse(format!("params are not JSON: {}", e)))
}

/// Runs a check function: an `Err` is submitted as `UNKNOWN` with the error as the summary.
/// [`entrypoint!`] calls this from `run_check`.
pub fn run<E: std::fmt::Display>(check: impl FnOnce() -> Result<(), E>) {
    if let Err(e) = check() {
        // Nothing more can be done when even this fails: the host reports a missing result.
        let _ = CheckResult::unknown(e.to_string()).submit();
    }
}

/// Exports `run_check` calling `$check` (a `fn() -> Result<(), E>` where `E: Display`) through
/// [`run`], plus the `warden_abi_v1` marker export.
#[macro_export]
macro_rules! entrypoint {
    ($check:path) => {
        #[no_mangle]
        pub extern "C" fn run_check() {
            $crate::run($check);
        }

        #[no_mangle]
        pub extern "C" fn warden_abi_v1() {}
    };
}
