//! argon2id password hashes (PHC strings) and the password rules.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};

pub const MIN_LEN: usize = 10;

pub fn hash(password: &str) -> crate::Result<String> {
    let h: PasswordHash = Argon2::default()
        .hash_password(password.as_bytes())
        .map_err(|e| crate::Error::internal(format!("argon2: {e}")))?;
    Ok(h.to_string())
}

pub fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// The field message when a new password is refused, or `None` when it is acceptable.
pub fn check_new(password: &str, username: &str) -> Option<String> {
    if password.chars().count() < MIN_LEN {
        return Some(format!("Mật khẩu phải có ít nhất {MIN_LEN} ký tự"));
    }
    if password.to_lowercase().contains(&username.to_lowercase()) && !username.is_empty() {
        return Some("Mật khẩu không được chứa tên đăng nhập".into());
    }
    None
}

/// Spends the same time as a real verification, so a missing username is not revealed by
/// a faster answer.
pub fn burn() {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let phc = DUMMY.get_or_init(|| hash("không-có-tài-khoản-này").unwrap_or_default());
    let _ = verify("x", phc);
}

#[cfg(test)]
mod tests {
    #[test]
    fn hashes_verify_and_are_argon2id() {
        let h = super::hash("mật khẩu dài đủ").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(super::verify("mật khẩu dài đủ", &h));
        assert!(!super::verify("mật khẩu khác", &h));
        assert!(!super::verify("x", "not a hash"));
        assert!(super::check_new("ngắn", "an").is_some());
        assert!(super::check_new("an.nguyen-2026!", "an.nguyen").is_some());
        assert!(super::check_new("một câu dài dễ nhớ", "an.nguyen").is_none());
    }
}
