//! Accounts and request security: passwords, sessions, CSRF, headers, second factor, tokens.

pub mod csrf;
pub mod headers;
pub mod login;
pub mod session;
pub mod throttle;

pub use bvctnb_app::accounts::{password, totp};

/// 32 random bytes as 64 hex characters: session cookies, CSRF and API tokens.
pub fn random_token() -> String {
    let bytes: [u8; 32] = rand::random();
    hex(&bytes)
}

pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// What the store keeps of a secret token: its blake3 hash, never the token.
pub fn token_hash(token: &str) -> String {
    blake3::hash(token.as_bytes()).to_hex().to_string()
}

/// Compares secrets without leaking the position of the first difference through timing.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

pub fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}
