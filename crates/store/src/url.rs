//! The database URL names the backend by its scheme. An unknown scheme is an error, never a
//! silently created file, and a password never reaches a log through `Debug`.

use crate::StoreError;
use std::fmt;
use std::path::PathBuf;

pub const DEFAULT_URL: &str = "sqlite://./data/bvctnb.db";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    raw: String,
    backend: Backend,
}

impl DatabaseUrl {
    pub fn parse(s: &str) -> Result<Self, StoreError> {
        let s = s.trim();
        let scheme = s.split_once("://").map(|(a, _)| a).or_else(|| s.split_once(':').map(|(a, _)| a));
        let backend = match scheme {
            Some("sqlite") => Backend::Sqlite,
            Some("postgres" | "postgresql") => Backend::Postgres,
            _ => return Err(StoreError::UnknownScheme(redact(s))),
        };
        if backend == Backend::Sqlite && s.trim_start_matches("sqlite:").trim_start_matches("//").is_empty() {
            return Err(StoreError::UnknownScheme(redact(s)));
        }
        Ok(Self { raw: s.to_string(), backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The full URL with its secret, for the driver only.
    pub fn expose(&self) -> &str {
        &self.raw
    }

    /// The file of a SQLite URL (`sqlite://./data/x.db` → `./data/x.db`), query string removed.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        if self.backend != Backend::Sqlite {
            return None;
        }
        let rest = self.raw.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split('?').next().unwrap_or(rest);
        (path != ":memory:").then(|| PathBuf::from(path))
    }
}

/// Replaces the password of `scheme://user:password@host` with `***`.
pub fn redact(s: &str) -> String {
    if let Some((scheme, rest)) = s.split_once("://")
        && let Some((cred, host)) = rest.split_once('@')
        && let Some((user, _)) = cred.split_once(':')
    {
        return format!("{scheme}://{user}:***@{host}");
    }
    s.to_string()
}

impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DatabaseUrl").field("url", &redact(&self.raw)).finish()
    }
}

impl fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.raw))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_backend_by_scheme() {
        assert_eq!(DatabaseUrl::parse("sqlite://./data/x.db").unwrap().backend(), Backend::Sqlite);
        assert_eq!(
            DatabaseUrl::parse("sqlite://./data/x.db").unwrap().sqlite_path().unwrap(),
            PathBuf::from("./data/x.db")
        );
        assert_eq!(DatabaseUrl::parse("postgres://u:p@h/db").unwrap().backend(), Backend::Postgres);
        assert!(matches!(DatabaseUrl::parse("mysql://x"), Err(StoreError::UnknownScheme(_))));
        assert!(matches!(DatabaseUrl::parse("./data/x.db"), Err(StoreError::UnknownScheme(_))));
    }

    #[test]
    fn never_shows_the_password() {
        let u = DatabaseUrl::parse("postgres://bvctnb:s3cret@db.local/bvctnb").unwrap();
        assert!(!format!("{u:?}").contains("s3cret"));
        assert!(!u.to_string().contains("s3cret"));
    }
}
