//! Configuration: built-in defaults, then a TOML file, then `BVCTNB_*` environment variables,
//! then command-line flags. A secret may come from a file named by `BVCTNB_<KEY>_FILE`.

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::path::{Path, PathBuf};

pub const EXAMPLE: &str = r#"# BVCTNB configuration. Every key is optional; the value shown is the default.
# Order of precedence: this file < BVCTNB_* environment variables < command-line flags.

# Database. sqlite://PATH (embedded, default) or postgres://USER:PASSWORD@HOST/DB.
# An unknown scheme is refused. Env: BVCTNB_DATABASE_URL, or BVCTNB_DATABASE_URL_FILE
# naming a file that holds the URL (keeps the password out of the environment).
database_url = "sqlite://./data/bvctnb.db"

# Directory of the person search index (rebuilt with `bvctnb reindex`). Env: BVCTNB_INDEX_DIR
index_dir = "./data/index"

# Directory of the yearly calendar overrides (<year>.toml). When absent, the overrides
# shipped inside the binary are used. Env: BVCTNB_CALENDAR_DIR
calendar_dir = "./rules/calendar"

# Directory of the regulation packs (<pack-id>/pack.toml). When it holds none, the packs
# shipped inside the binary are used. Env: BVCTNB_RULES_DIR
rules_dir = "./rules"

# Log filter (tracing EnvFilter syntax). Env: BVCTNB_LOG
log = "warn,sqlx=error"

# ed25519 key that signs audit-trail checkpoints; created on first start of the server.
# `bvctnb audit verify` checks the chain against its public key. Keep it outside the data
# folder (whoever can edit the database should not also hold the key). Env: BVCTNB_AUDIT_KEY_FILE
audit_key_file = "./keys/audit.key"
# Append-only file that every signed checkpoint is copied to, outside the database: put it on
# another disk or a mount from another machine. `bvctnb audit verify` checks the chain against
# it. Env: BVCTNB_AUDIT_CHECKPOINT_LOG
audit_checkpoint_log = "./audit/checkpoints.jsonl"
# The level above's BVCTNB server, which keeps the heads this installation signs (witnessing):
# `serve` sends each new checkpoint to it, `audit verify` holds the trail to what it kept. The
# level above registers this installation's public key first (`bvctnb audit witness add`).
# Empty: no witness. Env: BVCTNB_AUDIT_WITNESS_URL
# audit_witness_url = "http://bvctnb.tinh-uy.example:8080"

# The web server (`bvctnb serve`, `bvctnb demo`).
[web]
# Address to listen on. Keep it on loopback and put a TLS proxy in front for a network.
# Env: BVCTNB_LISTEN
listen = "127.0.0.1:8080"
# Mark cookies Secure and send HSTS: users reach the server over HTTPS (a TLS proxy in front).
# Only `bvctnb demo` turns it off. Env: BVCTNB_SECURE_COOKIES
secure_cookies = true
# Accounts scoped above the grassroots level must pass a second factor (TOTP).
second_factor_above_grassroots = true
# A session ends after this many seconds without a request, and this long after login.
session_idle_secs = 1800
session_absolute_secs = 43200
# Failed logins in a row before the account is locked, and for how long (seconds).
max_failed_logins = 5
lockout_secs = 900
# Failed logins from one client address within the window (seconds) before it must wait
# login_wait_secs; the wait doubles each time the limit is reached again, up to the maximum.
login_failures_per_address = 20
login_window_secs = 600
login_wait_secs = 60
login_max_wait_secs = 3600
# Reverse proxies (addresses) whose X-Forwarded-For header names the client, e.g. ["127.0.0.1"].
trusted_proxies = []
# The longest an API token may live, in days (also applied to tokens made under a longer limit).
api_token_max_days = 90
# A signed checkpoint of the audit chain every this many entries, or this many seconds after
# the last one if entries came since (and at shutdown): how many of the newest entries could be
# cut unseen at most.
audit_checkpoint_every = 1000
audit_checkpoint_secs = 300

# Files attached to cases and trips (scanned answers, explanations, trip papers).
[uploads]
# Files in one form, the size of one file (MiB), and everything attached to one person (MiB).
max_files = 10
max_file_mb = 10
max_person_mb = 200

# Backups written by the server itself (`bvctnb backup` does one by hand). Off unless dir is set.
[backup]
# dir = "/srv/backup/bvctnb"
every_hours = 24
# Backups kept; the oldest beyond this are removed after each one that succeeds.
keep = 7
"#;

const DEFAULT_KEY_FILE: &str = "./keys/audit.key";
const LEGACY_KEY_FILE: &str = "./data/audit.key";

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    index_dir: Option<PathBuf>,
    calendar_dir: Option<PathBuf>,
    rules_dir: Option<PathBuf>,
    log: Option<String>,
    audit_key_file: Option<PathBuf>,
    audit_checkpoint_log: Option<PathBuf>,
    audit_witness_url: Option<String>,
    web: Option<bvctnb_web::WebConfig>,
    uploads: Option<bvctnb_app::UploadLimits>,
    backup: Option<crate::cmd::backup::Schedule>,
}

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub index_dir: PathBuf,
    pub calendar_dir: PathBuf,
    pub rules_dir: PathBuf,
    pub log: String,
    pub audit_key_file: PathBuf,
    pub audit_checkpoint_log: PathBuf,
    pub audit_witness_url: Option<String>,
    pub web: bvctnb_web::WebConfig,
    pub uploads: bvctnb_app::UploadLimits,
    pub backup: crate::cmd::backup::Schedule,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &bvctnb_store::url::redact(&self.database_url))
            .field("index_dir", &self.index_dir)
            .field("calendar_dir", &self.calendar_dir)
            .field("rules_dir", &self.rules_dir)
            .field("log", &self.log)
            .field("audit_key_file", &self.audit_key_file)
            .field("audit_checkpoint_log", &self.audit_checkpoint_log)
            .field("audit_witness_url", &self.audit_witness_url)
            .field("web", &self.web)
            .field("uploads", &self.uploads)
            .field("backup", &self.backup)
            .finish()
    }
}

impl Default for Config {
    fn default() -> Self {
        Self {
            database_url: bvctnb_store::DEFAULT_URL.to_string(),
            index_dir: PathBuf::from("./data/index"),
            calendar_dir: PathBuf::from("./rules/calendar"),
            rules_dir: PathBuf::from("./rules"),
            log: "warn,sqlx=error".to_string(),
            audit_key_file: PathBuf::from(DEFAULT_KEY_FILE),
            audit_checkpoint_log: PathBuf::from("./audit/checkpoints.jsonl"),
            audit_witness_url: None,
            web: bvctnb_web::WebConfig::default(),
            uploads: bvctnb_app::UploadLimits::default(),
            backup: crate::cmd::backup::Schedule::default(),
        }
    }
}

fn env(key: &str) -> Result<Option<String>> {
    let name = format!("BVCTNB_{key}");
    if let Ok(v) = std::env::var(&name) {
        return Ok(Some(v));
    }
    if let Ok(path) = std::env::var(format!("{name}_FILE")) {
        let v = std::fs::read_to_string(&path).with_context(|| format!("không đọc được {name}_FILE = {path}"))?;
        return Ok(Some(v.trim().to_string()));
    }
    Ok(None)
}

impl Config {
    /// `explicit` is `--config`; otherwise `BVCTNB_CONFIG`, otherwise `./bvctnb.toml` if present.
    pub fn load(explicit: Option<&Path>) -> Result<Self> {
        let mut c = Config::default();
        let path = match explicit {
            Some(p) => Some(p.to_path_buf()),
            None => match std::env::var("BVCTNB_CONFIG") {
                Ok(p) => Some(PathBuf::from(p)),
                Err(_) => Some(PathBuf::from("bvctnb.toml")).filter(|p| p.exists()),
            },
        };
        if let Some(path) = path {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("không đọc được tệp cấu hình {}", path.display()))?;
            let f: FileConfig =
                toml::from_str(&text).with_context(|| format!("tệp cấu hình {} sai định dạng", path.display()))?;
            c.apply(f);
        }
        c.apply(FileConfig {
            database_url: env("DATABASE_URL")?,
            index_dir: env("INDEX_DIR")?.map(PathBuf::from),
            calendar_dir: env("CALENDAR_DIR")?.map(PathBuf::from),
            rules_dir: env("RULES_DIR")?.map(PathBuf::from),
            log: env("LOG")?,
            audit_key_file: env("AUDIT_KEY_FILE")?.map(PathBuf::from),
            audit_checkpoint_log: env("AUDIT_CHECKPOINT_LOG")?.map(PathBuf::from),
            audit_witness_url: env("AUDIT_WITNESS_URL")?,
            web: None,
            uploads: None,
            backup: None,
        });
        if let Some(v) = env("LISTEN")? {
            c.web.listen = v.parse().with_context(|| format!("BVCTNB_LISTEN = {v}: cần dạng ĐỊA_CHỈ:CỔNG"))?;
        }
        if let Some(v) = env("SECURE_COOKIES")? {
            c.web.secure_cookies = matches!(v.as_str(), "1" | "true" | "yes");
        }
        if c.audit_key_file == Path::new(DEFAULT_KEY_FILE)
            && !c.audit_key_file.exists()
            && Path::new(LEGACY_KEY_FILE).exists()
        {
            // Releases before this one kept the key in the data folder: use it (its checkpoints
            // must still verify) and say how to move it.
            eprintln!(
                "Chú ý: khoá ký nhật ký đang ở {LEGACY_KEY_FILE}, trong thư mục dữ liệu; chuyển sang {DEFAULT_KEY_FILE} \
                 (hoặc nơi khác, đặt audit_key_file) để người sửa được cơ sở dữ liệu không giữ được cả khoá"
            );
            c.audit_key_file = PathBuf::from(LEGACY_KEY_FILE);
        }
        if c.database_url.trim().is_empty() {
            bail!("database_url không được để trống");
        }
        Ok(c)
    }

    fn apply(&mut self, f: FileConfig) {
        if let Some(v) = f.database_url {
            self.database_url = v;
        }
        if let Some(v) = f.index_dir {
            self.index_dir = v;
        }
        if let Some(v) = f.calendar_dir {
            self.calendar_dir = v;
        }
        if let Some(v) = f.rules_dir {
            self.rules_dir = v;
        }
        if let Some(v) = f.log {
            self.log = v;
        }
        if let Some(v) = f.audit_key_file {
            self.audit_key_file = v;
        }
        if let Some(v) = f.audit_checkpoint_log {
            self.audit_checkpoint_log = v;
        }
        if let Some(v) = f.audit_witness_url {
            self.audit_witness_url = Some(v.trim().trim_end_matches('/').to_string()).filter(|v| !v.is_empty());
        }
        if let Some(v) = f.web {
            self.web = v;
        }
        if let Some(v) = f.uploads {
            self.uploads = v;
        }
        if let Some(v) = f.backup {
            self.backup = v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_parses_and_equals_defaults() {
        let f: FileConfig = toml::from_str(EXAMPLE).unwrap();
        let mut c = Config::default();
        c.apply(f);
        assert_eq!(format!("{c:?}"), format!("{:?}", Config::default()));
    }

    #[test]
    fn debug_hides_the_password() {
        let c = Config { database_url: "postgres://u:secret@h/db".into(), ..Config::default() };
        assert!(!format!("{c:?}").contains("secret"));
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(toml::from_str::<FileConfig>("databse_url = \"x\"").is_err());
    }
}
