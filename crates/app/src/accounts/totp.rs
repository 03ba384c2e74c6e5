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
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    build(secret_base32, "x").is_some_and(|t| t.check_current(&code).is_some())
}

/// `otpauth://` address for authenticator apps.
pub fn url(secret_base32: &str, account: &str) -> String {
    build(secret_base32, account).and_then(|t| t.to_url().ok()).unwrap_or_default()
}

/// The current code (tests and the demo's instructions).
pub fn current(secret_base32: &str) -> Option<String> {
    build(secret_base32, "x").map(|t| t.generate_current().to_string())
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
