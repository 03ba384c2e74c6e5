//! What every handler can reach.

use crate::audit::Auditor;
use crate::config::WebConfig;
use bvctnb_app::App;
use bvctnb_authz::Authz;
use bvctnb_store::Store;
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
        let signer = bvctnb_store::audit::AuditSigner::load_or_create(&config.audit_key_file)?;
        let auditor = Auditor::start(app.store.clone(), signer, config.audit_checkpoint_every);
        Ok(Self { app, authz, auditor, config: Arc::new(config) })
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.app.store
    }
}
