//! What every handler can reach: the services, the policies, this process's audit writer and
//! the web settings. Everything a use case needs (rules, calendar, clock) is inside `app`.

use crate::config::WebConfig;
use crate::security::throttle::{Limits, LoginThrottle};
use anyhow::Context;
use bvctnb_app::App;
use bvctnb_app::audit::{Auditor, CheckpointLog, CheckpointPolicy};
use bvctnb_authz::Authz;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
    pub authz: Arc<Authz>,
    pub auditor: Auditor,
    pub config: Arc<WebConfig>,
    pub login_throttle: Arc<LoginThrottle>,
}

impl AppState {
    /// Validates the policies against their schema and starts the audit writer.
    pub fn new(app: Arc<App>, config: WebConfig) -> anyhow::Result<Self> {
        anyhow::ensure!(config.api_token_max_days >= 1, "web.api_token_max_days phải từ 1 trở lên");
        anyhow::ensure!(config.login_failures_per_address >= 1, "web.login_failures_per_address phải từ 1 trở lên");
        let authz = Arc::new(Authz::new()?);
        let auditor = app
            .start_auditor(
                &config.audit_key_file,
                CheckpointPolicy {
                    every: config.audit_checkpoint_every,
                    interval: std::time::Duration::from_secs(config.audit_checkpoint_secs.max(1)),
                    outside: config.audit_checkpoint_log.clone().map(CheckpointLog::new),
                },
            )
            .context("không khởi động được bộ ghi nhật ký kiểm toán")?;
        let login_throttle = Arc::new(LoginThrottle::new(Limits {
            failures: config.login_failures_per_address,
            window_secs: config.login_window_secs,
            wait_secs: config.login_wait_secs,
            max_wait_secs: config.login_max_wait_secs,
        }));
        Ok(Self { app, authz, auditor, config: Arc::new(config), login_throttle })
    }

    /// Today in Vietnam (UTC+7), as the services see it.
    pub fn today(&self) -> chrono::NaiveDate {
        self.app.today()
    }
}
