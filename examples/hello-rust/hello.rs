//! hello-rust: reads {"target"}, logs one line and submits OK "hello from <target>".
use warden::{CheckResult, Metric};

warden::entrypoint!(check);

fn check() -> Result<(), warden::Error> {
    let params = warden::params()?;
    let target = params.get_str("target").unwrap_or("world");
    warden::log::info(&format!("hello-rust: checking {}", target));
    CheckResult::ok(format!("hello from {}", target))
        .metric(Metric::new("target_length", target.len() as f64).unit("chars"))
        .label("target", target)
        .submit()
}
