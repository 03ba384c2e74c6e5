//! Settings of the web server; the CLI fills them from defaults, TOML and `BVCTNB_*` env.

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebConfig {
    /// Address to listen on. Loopback by default: put a TLS proxy in front for a network.
    pub listen: SocketAddr,
    /// Mark cookies `Secure`: set when the server is reached over TLS (behind a proxy).
    pub secure_cookies: bool,
    /// A session ends after this many seconds without a request.
    pub session_idle_secs: i64,
    /// A session ends this many seconds after login, whatever the activity.
    pub session_absolute_secs: i64,
    /// Failed logins in a row before the account is locked.
    pub max_failed_logins: i64,
    pub lockout_secs: i64,
    /// A signed checkpoint of the audit chain every this many entries (and at shutdown).
    pub audit_checkpoint_every: i64,
    /// ed25519 key that signs audit checkpoints; created on first start. Set from the
    /// top-level `audit_key_file` of the configuration, which `audit verify` reads too.
    #[serde(skip)]
    pub audit_key_file: PathBuf,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            secure_cookies: false,
            session_idle_secs: 30 * 60,
            session_absolute_secs: 12 * 3600,
            max_failed_logins: 5,
            lockout_secs: 15 * 60,
            audit_checkpoint_every: 1000,
            audit_key_file: PathBuf::from("data/audit.key"),
        }
    }
}
