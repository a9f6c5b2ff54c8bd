//! DNS through the host (`dns_lookup`, a Warden extension).

use crate::error::check;
use crate::{json, sys, Error};

/// Record types, as their DNS RR type numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordType {
    A = 1,
    NS = 2,
    CNAME = 5,
    PTR = 12,
    MX = 15,
    TXT = 16,
    AAAA = 28,
    SRV = 33,
}

impl RecordType {
    /// By name, case-insensitively (`"aaaa"` is AAAA).
    pub fn parse(name: &str) -> Option<RecordType> {
        let all = [
            RecordType::A,
            RecordType::NS,
            RecordType::CNAME,
            RecordType::PTR,
            RecordType::MX,
            RecordType::TXT,
            RecordType::AAAA,
            RecordType::SRV,
        ];
        all.into_iter().find(|t| t.name().eq_ignore_ascii_case(name))
    }

    pub fn name(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::NS => "NS",
            RecordType::CNAME => "CNAME",
            RecordType::PTR => "PTR",
            RecordType::MX => "MX",
            RecordType::TXT => "TXT",
            RecordType::AAAA => "AAAA",
            RecordType::SRV => "SRV",
        }
    }
}

/// The records the host found, in presentation format (`10 mx.example.com.`).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub name: String,
    pub record_type: String,
    pub records: Vec<String>,
    pub ttl: u32,
}

/// Looks `name` up. No such name, or no records of that type, is [`Error::NotFound`].
pub fn lookup(name: &str, record_type: RecordType) -> Result<Answer, Error> {
    let mut cap = 4 * 1024;
    loop {
        let mut buf = vec![0u8; cap];
        match check(sys::dns_lookup(name.as_bytes(), record_type as i32, &mut buf)) {
            Ok(n) => return parse_answer(&buf[..n]),
            // Answers are small; repeat the query a few times with more room, not forever.
            Err(Error::TooLarge) if cap < 1024 * 1024 => cap *= 8,
            Err(e) => return Err(e),
        }
    }
}

/// Reads the host's answer JSON `{"name","type","records":[...],"ttl"}`.
pub fn parse_answer(raw: &[u8]) -> Result<Answer, Error> {
    let text = std::str::from_utf8(raw).map_err(|_| Error::BadResponse("answer is not UTF-8".into()))?;
    let doc = json::parse(text)?;
    let records = doc
        .get("records")
        .and_then(json::Value::as_array)
        .ok_or_else(|| Error::BadResponse("answer has no records".into()))?
        .iter()
        .filter_map(|r| r.as_str().map(str::to_string))
        .collect();
    Ok(Answer {
        name: doc.get_str("name").unwrap_or_default().to_string(),
        record_type: doc.get_str("type").unwrap_or_default().to_string(),
        records,
        ttl: doc.get_i64("ttl").filter(|t| *t >= 0).unwrap_or(0).min(u32::MAX as i64) as u32,
    })
}
