//! TCP through the host (`tcp_connect`, `tcp_read`, `tcp_write`, `tcp_close`).

use crate::error::check;
use crate::{sys, Error};

/// A connection the host holds; closed when dropped (the host also closes whatever a run left
/// open when the run ends).
#[derive(Debug)]
pub struct TcpStream {
    handle: i32,
    timeout_ms: i32,
}

impl TcpStream {
    /// Connects to `host:port`; `timeout_ms` also becomes the read/write timeout (0 = the time
    /// left in the run).
    pub fn connect(host: &str, port: u16, timeout_ms: u32) -> Result<TcpStream, Error> {
        let timeout_ms = clamp(timeout_ms);
        let handle = check(sys::tcp_connect(host.as_bytes(), port as i32, timeout_ms))? as i32;
        Ok(TcpStream { handle, timeout_ms })
    }

    pub fn set_timeout_ms(&mut self, timeout_ms: u32) {
        self.timeout_ms = clamp(timeout_ms);
    }

    /// The host's handle number.
    pub fn handle(&self) -> i32 {
        self.handle
    }

    /// Reads what is there (at most `buf.len()`, the host hands out up to 64 KiB per call);
    /// `Ok(0)` is the end of the stream.
    pub fn read(&mut self, buf: &mut [u8]) -> Result<usize, Error> {
        check(sys::tcp_read(self.handle, buf, self.timeout_ms))
    }

    /// Writes some of `data`; the count written.
    pub fn write(&mut self, data: &[u8]) -> Result<usize, Error> {
        check(sys::tcp_write(self.handle, data, self.timeout_ms))
    }

    pub fn write_all(&mut self, mut data: &[u8]) -> Result<(), Error> {
        while !data.is_empty() {
            let n = self.write(data)?;
            if n == 0 {
                return Err(Error::Internal);
            }
            data = &data[n..];
        }
        Ok(())
    }

    /// Reads until the end of the stream or `limit` bytes, whichever comes first.
    pub fn read_to_end(&mut self, limit: usize) -> Result<Vec<u8>, Error> {
        let mut out = Vec::new();
        let mut chunk = vec![0u8; 16 * 1024];
        while out.len() < limit {
            let want = chunk.len().min(limit - out.len());
            let n = self.read(&mut chunk[..want])?;
            if n == 0 {
                break;
            }
            out.extend_from_slice(&chunk[..n]);
        }
        Ok(out)
    }

    /// Closes now and reports the host's answer (dropping closes too, silently).
    pub fn close(mut self) -> Result<(), Error> {
        let handle = std::mem::replace(&mut self.handle, -1);
        check(sys::tcp_close(handle)).map(|_| ())
    }
}

impl Drop for TcpStream {
    fn drop(&mut self) {
        if self.handle >= 0 {
            let _ = sys::tcp_close(self.handle);
        }
    }
}

impl std::io::Read for TcpStream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        TcpStream::read(self, buf).map_err(Into::into)
    }
}

impl std::io::Write for TcpStream {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        TcpStream::write(self, data).map_err(Into::into)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn clamp(timeout_ms: u32) -> i32 {
    timeout_ms.min(i32::MAX as u32) as i32
}

/// Sends one UDP datagram (`udp_sendto`); the count sent.
pub fn udp_send_to(host: &str, port: u16, data: &[u8], timeout_ms: u32) -> Result<usize, Error> {
    check(sys::udp_sendto(host.as_bytes(), port as i32, data, clamp(timeout_ms)))
}
