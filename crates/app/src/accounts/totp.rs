//! TOTP second factor (RFC 6238: SHA-1, 6 digits, 30 s, one step of skew).

use totp_rs::{Builder, Secret, Totp};

pub const ISSUER: &str = "BVCTNB";

fn build(secret_base32: &str, account: &str) -> Option<Totp> {
    let secret = Secret::try_from_base32(secret_base32).ok()?;
    Builder::new().with_secret(secret).with_account_name(account).with_issuer(Some(ISSUER)).build().ok()
}

pub fn new_secret() -> String {
    Secret::generate().to_base32()
}

pub fn check(secret_base32: &str, code: &str) -> bool {
    matched_step(secret_base32, code).is_some()
}

/// The time step the code belongs to, when it is good now. A caller that lets the code open
/// anything must also refuse a step it has already accepted (RFC 6238 §5.2).
pub fn matched_step(secret_base32: &str, code: &str) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    build(secret_base32, "x").and_then(|t| t.check_current(&code)).and_then(|s| i64::try_from(s).ok())
}

/// `otpauth://` address for authenticator apps.
pub fn url(secret_base32: &str, account: &str) -> String {
    build(secret_base32, account).and_then(|t| t.to_url().ok()).unwrap_or_default()
}

/// The current code (tests and the demo's instructions).
pub fn current(secret_base32: &str) -> Option<String> {
    build(secret_base32, "x").map(|t| t.generate_current().to_string())
}

/// The code at `unix_secs` (tests that log in more than once within one 30 s step use the
/// next step's code, which is still accepted).
pub fn code_at(secret_base32: &str, unix_secs: u64) -> Option<String> {
    build(secret_base32, "x").map(|t| t.generate(unix_secs).to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_fresh_secret_checks_its_own_code() {
        let s = super::new_secret();
        let code = super::current(&s).unwrap();
        assert_eq!(code.len(), 6);
        assert!(super::check(&s, &code));
        assert!(!super::check(&s, "000000") || code == "000000");
        assert!(super::url(&s, "an").starts_with("otpauth://totp/"));
    }
}
