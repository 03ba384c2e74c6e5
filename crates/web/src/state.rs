//! What every handler can reach: the services, the policies, this process's audit writer and
//! the web settings. Everything a use case needs (rules, calendar, clock) is inside `app`.

use crate::config::WebConfig;
use anyhow::Context;
use bvctnb_app::App;
use bvctnb_app::audit::Auditor;
use bvctnb_authz::Authz;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
    pub authz: Arc<Authz>,
    pub auditor: Auditor,
    pub config: Arc<WebConfig>,
}

impl AppState {
    /// Validates the policies against their schema and starts the audit writer.
    pub fn new(app: Arc<App>, config: WebConfig) -> anyhow::Result<Self> {
        let authz = Arc::new(Authz::new()?);
        let auditor = app
            .start_auditor(&config.audit_key_file, config.audit_checkpoint_every)
            .context("không khởi động được bộ ghi nhật ký kiểm toán")?;
        Ok(Self { app, authz, auditor, config: Arc::new(config) })
    }

    /// Today in Vietnam (UTC+7), as the services see it.
    pub fn today(&self) -> chrono::NaiveDate {
        self.app.today()
    }
}
