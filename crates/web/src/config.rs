//! Settings of the web server; the CLI fills them from defaults, TOML and `BVCTNB_*` env.

use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WebConfig {
    /// Address to listen on. Loopback by default: put a TLS proxy in front for a network.
    pub listen: SocketAddr,
    /// Mark cookies `Secure` and send HSTS: the server is reached over TLS (behind a proxy).
    /// On by default; off only for the demo and for tests on plain loopback HTTP.
    pub secure_cookies: bool,
    /// Accounts scoped above the grassroots level (central, provincial, intermediate
    /// committees) must pass a second factor whatever their clearance.
    pub second_factor_above_grassroots: bool,
    /// A session ends after this many seconds without a request.
    pub session_idle_secs: i64,
    /// A session ends this many seconds after login, whatever the activity.
    pub session_absolute_secs: i64,
    /// Failed logins in a row before the account is locked.
    pub max_failed_logins: i64,
    pub lockout_secs: i64,
    /// Failed logins from one client address within `login_window_secs` before that address
    /// must wait `login_wait_secs` (doubling at each repeat, up to `login_max_wait_secs`).
    pub login_failures_per_address: u32,
    pub login_window_secs: i64,
    pub login_wait_secs: i64,
    pub login_max_wait_secs: i64,
    /// Reverse proxies whose `X-Forwarded-For` names the client; from any other peer the
    /// header is ignored (anyone could send it).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// The longest an API token may live, in days: asked for at creation, and enforced from
    /// its creation date at every use (a token made under a longer limit ends at this one).
    pub api_token_max_days: i64,
    /// A signed checkpoint of the audit chain every this many entries, or this many seconds
    /// after the last one when entries came since (and at shutdown).
    pub audit_checkpoint_every: i64,
    pub audit_checkpoint_secs: u64,
    /// The append-only file outside the database that every checkpoint is copied to. Set from
    /// the top-level `audit_checkpoint_log`, which `audit verify` reads too.
    #[serde(skip)]
    pub audit_checkpoint_log: Option<PathBuf>,
    /// ed25519 key that signs audit checkpoints; created on first start. Set from the
    /// top-level `audit_key_file` of the configuration, which `audit verify` reads too.
    #[serde(skip)]
    pub audit_key_file: PathBuf,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 8080)),
            secure_cookies: true,
            second_factor_above_grassroots: true,
            session_idle_secs: 30 * 60,
            session_absolute_secs: 12 * 3600,
            max_failed_logins: 5,
            lockout_secs: 15 * 60,
            login_failures_per_address: 20,
            login_window_secs: 10 * 60,
            login_wait_secs: 60,
            login_max_wait_secs: 3600,
            trusted_proxies: Vec::new(),
            api_token_max_days: 90,
            audit_checkpoint_every: 1000,
            audit_checkpoint_secs: 300,
            audit_checkpoint_log: None,
            audit_key_file: PathBuf::from("data/audit.key"),
        }
    }
}
