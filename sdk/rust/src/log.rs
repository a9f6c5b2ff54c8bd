//! The run's log (`log` import). The host caps the bytes per run (`max_log_bytes`) and drops
//! what is over; logging never fails from the plugin's point of view.

use crate::sys;

/// Log levels of the ABI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Debug = 0,
    Info = 1,
    Warn = 2,
    Error = 3,
}

pub fn write(level: Level, message: &str) {
    sys::log(level as i32, message.as_bytes());
}

pub fn debug(message: &str) {
    write(Level::Debug, message);
}

pub fn info(message: &str) {
    write(Level::Info, message);
}

pub fn warn(message: &str) {
    write(Level::Warn, message);
}

pub fn error(message: &str) {
    write(Level::Error, message);
}
