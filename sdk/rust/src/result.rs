//! The check result (`serviceradar.plugin_result.v1`) and its builder.

use crate::json::Writer;
use crate::{sys, Error};
use std::fmt;

/// A check's verdict, worst last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    Ok,
    Warning,
    Critical,
    Unknown,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Ok => "OK",
            Status::Warning => "WARNING",
            Status::Critical => "CRITICAL",
            Status::Unknown => "UNKNOWN",
        }
    }

    /// The status a value has against thresholds that are exceeded when it is at or above
    /// them (`latency_ms` against `warn` 200 / `crit` 500).
    pub fn of_value(value: f64, warn: Option<f64>, crit: Option<f64>) -> Status {
        if crit.map_or(false, |c| value >= c) {
            Status::Critical
        } else if warn.map_or(false, |w| value >= w) {
            Status::Warning
        } else {
            Status::Ok
        }
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One measured value. Thresholds are informational for the host's perfdata and UI; the host
/// evaluates its operator's own thresholds separately.
#[derive(Debug, Clone, PartialEq)]
pub struct Metric {
    name: String,
    value: f64,
    unit: Option<String>,
    warn: Option<f64>,
    crit: Option<f64>,
    min: Option<f64>,
    max: Option<f64>,
}

impl Metric {
    pub fn new(name: impl Into<String>, value: f64) -> Metric {
        Metric { name: name.into(), value, unit: None, warn: None, crit: None, min: None, max: None }
    }

    pub fn unit(mut self, unit: impl Into<String>) -> Metric {
        self.unit = Some(unit.into());
        self
    }

    pub fn warn(mut self, warn: f64) -> Metric {
        self.warn = Some(warn);
        self
    }

    pub fn crit(mut self, crit: f64) -> Metric {
        self.crit = Some(crit);
        self
    }

    pub fn min(mut self, min: f64) -> Metric {
        self.min = Some(min);
        self
    }

    pub fn max(mut self, max: f64) -> Metric {
        self.max = Some(max);
        self
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn value(&self) -> f64 {
        self.value
    }

    /// This metric's status against its own warn/crit (at or above = exceeded).
    pub fn status(&self) -> Status {
        Status::of_value(self.value, self.warn, self.crit)
    }

    /// Nagios perfdata: `name=valueunit;warn;crit;min;max`, trailing empty fields dropped.
    pub fn perfdata(&self) -> String {
        let name = if self.name.contains(|c: char| c == ' ' || c == '=' || c == '\'') {
            format!("'{}'", self.name.replace('\'', "''"))
        } else {
            self.name.clone()
        };
        let number = |n: Option<f64>| {
            let mut text = String::new();
            if let Some(v) = n.filter(|v| v.is_finite()) {
                crate::json::write_number(&mut text, v);
            }
            text
        };
        let mut text = format!("{}={}{}", name, number(Some(self.value)), self.unit.as_deref().unwrap_or(""));
        let fields = [number(self.warn), number(self.crit), number(self.min), number(self.max)];
        let used = fields.iter().rposition(|f| !f.is_empty()).map_or(0, |i| i + 1);
        for f in &fields[..used] {
            text.push(';');
            text.push_str(f);
        }
        text
    }

    fn write(&self, w: &mut Writer) {
        w.begin_object().key("name").string(&self.name).key("value").number(self.value);
        if let Some(unit) = &self.unit {
            w.key("unit").string(unit);
        }
        for (key, v) in [("warn", self.warn), ("crit", self.crit), ("min", self.min), ("max", self.max)] {
            if let Some(v) = v.filter(|v| v.is_finite()) {
                w.key(key).number(v);
            }
        }
        w.end_object();
    }
}

/// A result under construction; [`CheckResult::submit`] hands it to the host.
///
/// ```
/// use warden::{CheckResult, Metric};
/// let json = CheckResult::ok("http 200 in 42ms")
///     .metric(Metric::new("latency_ms", 42.0).unit("ms").warn(200.0).crit(500.0))
///     .label("target", "api.example.com")
///     .to_json();
/// assert!(json.starts_with(r#"{"status":"OK","summary":"http 200 in 42ms","metrics":[{"name":"latency_ms""#));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CheckResult {
    status: Status,
    summary: String,
    perfdata: Option<String>,
    auto_perfdata: bool,
    metrics: Vec<Metric>,
    labels: Vec<(String, String)>,
    observed_at: Option<String>,
}

impl CheckResult {
    pub fn new(status: Status, summary: impl Into<String>) -> CheckResult {
        CheckResult {
            status,
            summary: summary.into(),
            perfdata: None,
            auto_perfdata: false,
            metrics: Vec::new(),
            labels: Vec::new(),
            observed_at: None,
        }
    }

    pub fn ok(summary: impl Into<String>) -> CheckResult {
        CheckResult::new(Status::Ok, summary)
    }

    pub fn warning(summary: impl Into<String>) -> CheckResult {
        CheckResult::new(Status::Warning, summary)
    }

    pub fn critical(summary: impl Into<String>) -> CheckResult {
        CheckResult::new(Status::Critical, summary)
    }

    pub fn unknown(summary: impl Into<String>) -> CheckResult {
        CheckResult::new(Status::Unknown, summary)
    }

    pub fn status(&self) -> Status {
        self.status
    }

    pub fn summary(&self) -> &str {
        &self.summary
    }

    pub fn metrics(&self) -> &[Metric] {
        &self.metrics
    }

    /// Replaces the status.
    pub fn with_status(mut self, status: Status) -> CheckResult {
        self.status = status;
        self
    }

    /// Raises the status to `status` if that is worse (never lowers it).
    pub fn escalate(mut self, status: Status) -> CheckResult {
        self.status = self.status.max(status);
        self
    }

    pub fn summary_text(mut self, summary: impl Into<String>) -> CheckResult {
        self.summary = summary.into();
        self
    }

    /// Adds a metric. One whose value is NaN or infinite is left out: JSON cannot carry it and
    /// the host would reject the whole result.
    pub fn metric(mut self, metric: Metric) -> CheckResult {
        if metric.value.is_finite() {
            self.metrics.push(metric);
        }
        self
    }

    /// Sets a label (a later value for the same name replaces the earlier one).
    pub fn label(mut self, name: impl Into<String>, value: impl Into<String>) -> CheckResult {
        let name = name.into();
        let value = value.into();
        match self.labels.iter_mut().find(|(k, _)| *k == name) {
            Some(entry) => entry.1 = value,
            None => self.labels.push((name, value)),
        }
        self
    }

    /// Explicit Nagios perfdata text.
    pub fn perfdata(mut self, perfdata: impl Into<String>) -> CheckResult {
        self.perfdata = Some(perfdata.into());
        self
    }

    /// Fills perfdata from the metrics when submitted (unless set explicitly).
    pub fn perfdata_from_metrics(mut self) -> CheckResult {
        self.auto_perfdata = true;
        self
    }

    /// ISO-8601 time with offset (`2026-01-01T00:00:00Z`); the host uses its clock when absent.
    pub fn observed_at(mut self, timestamp: impl Into<String>) -> CheckResult {
        self.observed_at = Some(timestamp.into());
        self
    }

    /// The result document as the host expects it.
    pub fn to_json(&self) -> String {
        let mut w = Writer::new();
        w.begin_object().key("status").string(self.status.as_str()).key("summary").string(&self.summary);
        let perfdata = match (&self.perfdata, self.auto_perfdata && !self.metrics.is_empty()) {
            (Some(p), _) => Some(p.clone()),
            (None, true) => Some(self.metrics.iter().map(Metric::perfdata).collect::<Vec<_>>().join(" ")),
            (None, false) => None,
        };
        if let Some(p) = &perfdata {
            w.key("perfdata").string(p);
        }
        if !self.metrics.is_empty() {
            w.key("metrics").begin_array();
            for m in &self.metrics {
                m.write(&mut w);
            }
            w.end_array();
        }
        if !self.labels.is_empty() {
            w.key("labels").begin_object();
            for (k, v) in &self.labels {
                w.key(k).string(v);
            }
            w.end_object();
        }
        if let Some(t) = &self.observed_at {
            w.key("observed_at").string(t);
        }
        w.end_object();
        w.finish()
    }

    /// Hands the result to the host (`submit_result`); the last one a run submits wins.
    pub fn submit(&self) -> Result<(), Error> {
        crate::error::check(sys::submit_result(self.to_json().as_bytes())).map(|_| ())
    }
}
