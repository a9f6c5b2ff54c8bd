//! The raw imports of host ABI v1 (module `env`) behind slice-taking wrappers.
//!
//! On wasm32 these are the real imports. Only the functions a plugin actually calls end up as
//! imports of its module, so a plugin needs only the capabilities of the SDK parts it uses.
//! On any other target (unit tests on the build machine) they talk to [`crate::testing`].

#[cfg(target_arch = "wasm32")]
mod ffi {
    #[link(wasm_import_module = "env")]
    extern "C" {
        pub fn get_config(ptr: *mut u8, cap: i32) -> i32;
        pub fn log(level: i32, ptr: *const u8, len: i32);
        pub fn submit_result(ptr: *const u8, len: i32) -> i32;
        pub fn http_request(req: *const u8, req_len: i32, resp: *mut u8, resp_cap: i32) -> i32;
        pub fn tcp_connect(addr: *const u8, addr_len: i32, port: i32, timeout_ms: i32) -> i32;
        pub fn tcp_read(handle: i32, buf: *mut u8, cap: i32, timeout_ms: i32) -> i32;
        pub fn tcp_write(handle: i32, buf: *const u8, len: i32, timeout_ms: i32) -> i32;
        pub fn tcp_close(handle: i32) -> i32;
        pub fn udp_sendto(addr: *const u8, addr_len: i32, port: i32, buf: *const u8, len: i32, timeout_ms: i32)
            -> i32;
        pub fn dns_lookup(name: *const u8, name_len: i32, rr_type: i32, out: *mut u8, out_cap: i32) -> i32;
    }
}

/// Lengths are i32 in the ABI; nothing a plugin holds in a 4 GiB memory is longer.
#[cfg(target_arch = "wasm32")]
fn len(n: usize) -> i32 {
    if n > i32::MAX as usize {
        i32::MAX
    } else {
        n as i32
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use super::{ffi, len};

    pub fn get_config(buf: &mut [u8]) -> i32 {
        unsafe { ffi::get_config(buf.as_mut_ptr(), len(buf.len())) }
    }

    pub fn log(level: i32, msg: &[u8]) {
        unsafe { ffi::log(level, msg.as_ptr(), len(msg.len())) }
    }

    pub fn submit_result(json: &[u8]) -> i32 {
        unsafe { ffi::submit_result(json.as_ptr(), len(json.len())) }
    }

    pub fn http_request(req: &[u8], resp: &mut [u8]) -> i32 {
        unsafe { ffi::http_request(req.as_ptr(), len(req.len()), resp.as_mut_ptr(), len(resp.len())) }
    }

    pub fn tcp_connect(addr: &[u8], port: i32, timeout_ms: i32) -> i32 {
        unsafe { ffi::tcp_connect(addr.as_ptr(), len(addr.len()), port, timeout_ms) }
    }

    pub fn tcp_read(handle: i32, buf: &mut [u8], timeout_ms: i32) -> i32 {
        unsafe { ffi::tcp_read(handle, buf.as_mut_ptr(), len(buf.len()), timeout_ms) }
    }

    pub fn tcp_write(handle: i32, data: &[u8], timeout_ms: i32) -> i32 {
        unsafe { ffi::tcp_write(handle, data.as_ptr(), len(data.len()), timeout_ms) }
    }

    pub fn tcp_close(handle: i32) -> i32 {
        unsafe { ffi::tcp_close(handle) }
    }

    pub fn udp_sendto(addr: &[u8], port: i32, data: &[u8], timeout_ms: i32) -> i32 {
        unsafe { ffi::udp_sendto(addr.as_ptr(), len(addr.len()), port, data.as_ptr(), len(data.len()), timeout_ms) }
    }

    pub fn dns_lookup(name: &[u8], rr_type: i32, out: &mut [u8]) -> i32 {
        unsafe { ffi::dns_lookup(name.as_ptr(), len(name.len()), rr_type, out.as_mut_ptr(), len(out.len())) }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use crate::testing::host_call;

    pub fn get_config(buf: &mut [u8]) -> i32 {
        host_call("get_config", &[], Some(buf))
    }

    pub fn log(level: i32, msg: &[u8]) {
        crate::testing::record_log(level, msg);
    }

    pub fn submit_result(json: &[u8]) -> i32 {
        host_call("submit_result", json, None)
    }

    pub fn http_request(req: &[u8], resp: &mut [u8]) -> i32 {
        host_call("http_request", req, Some(resp))
    }

    pub fn tcp_connect(addr: &[u8], port: i32, _timeout_ms: i32) -> i32 {
        let mut what = addr.to_vec();
        what.extend_from_slice(format!(":{}", port).as_bytes());
        host_call("tcp_connect", &what, None)
    }

    pub fn tcp_read(_handle: i32, buf: &mut [u8], _timeout_ms: i32) -> i32 {
        host_call("tcp_read", &[], Some(buf))
    }

    pub fn tcp_write(_handle: i32, data: &[u8], _timeout_ms: i32) -> i32 {
        host_call("tcp_write", data, None)
    }

    pub fn tcp_close(handle: i32) -> i32 {
        host_call("tcp_close", handle.to_string().as_bytes(), None)
    }

    pub fn udp_sendto(addr: &[u8], port: i32, data: &[u8], _timeout_ms: i32) -> i32 {
        let mut what = addr.to_vec();
        what.extend_from_slice(format!(":{} ", port).as_bytes());
        what.extend_from_slice(data);
        host_call("udp_sendto", &what, None)
    }

    pub fn dns_lookup(name: &[u8], rr_type: i32, out: &mut [u8]) -> i32 {
        let mut what = name.to_vec();
        what.extend_from_slice(format!(" {}", rr_type).as_bytes());
        host_call("dns_lookup", &what, Some(out))
    }
}

pub(crate) use imp::*;
