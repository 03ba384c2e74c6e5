//! Helpers shared by the CLI tests.

use std::process::Output;

/// Standard output of a command that must succeed (both streams shown when it did not).
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// Standard error of a command that must fail.
pub fn err(o: &Output) -> String {
    assert!(!o.status.success(), "should have failed: {}", String::from_utf8_lossy(&o.stdout));
    String::from_utf8(o.stderr.clone()).unwrap()
}
