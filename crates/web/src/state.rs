//! What every handler can reach.

use crate::audit::Auditor;
use crate::config::WebConfig;
use anyhow::Context;
use bvctnb_app::App;
use bvctnb_app::cases::CaseEnv;
use bvctnb_authz::Authz;
use bvctnb_core::case::Deadlines;
use bvctnb_rules::LoadedPack;
use bvctnb_store::Store;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct AppState {
    pub app: Arc<App>,
    pub authz: Arc<Authz>,
    pub auditor: Auditor,
    pub config: Arc<WebConfig>,
    /// The regulation packs, read and checked once at start: a pack changed on disk takes
    /// effect at the next start, so one server never mixes two readings of the same pack.
    pub packs: Arc<Vec<LoadedPack>>,
    /// Campaigns being run by a task of this process. The database cannot tell a running
    /// campaign from one whose server stopped; this set can.
    pub running: Arc<Mutex<HashSet<i64>>>,
    /// Working days allowed per case step (`deadlines.toml` of the rules directory).
    pub deadlines: Arc<Deadlines>,
    /// Report and passport periods after re-entry (`travel.toml` of the rules directory).
    pub travel: Arc<bvctnb_core::travel::TravelRules>,
}

impl AppState {
    /// Validates the policies against their schema, loads the regulation packs and starts the
    /// audit writer.
    pub fn new(app: Arc<App>, config: WebConfig) -> anyhow::Result<Self> {
        let authz = Arc::new(Authz::new()?);
        let packs = bvctnb_rules::load_dir_or_builtin(&config.rules_dir)
            .with_context(|| format!("không nạp được gói quy định từ {}", config.rules_dir.display()))?;
        let deadlines = bvctnb_rules::deadlines_or_builtin(&config.rules_dir)
            .with_context(|| format!("không nạp được bảng thời hạn từ {}", config.rules_dir.display()))?;
        let travel = bvctnb_rules::travel_rules_or_builtin(&config.rules_dir).map_err(|e| {
            anyhow::anyhow!("không nạp được thời hạn đi nước ngoài từ {}: {e}", config.rules_dir.display())
        })?;
        let signer = bvctnb_store::audit::AuditSigner::load_or_create(&config.audit_key_file)?;
        let auditor = Auditor::start(app.store.clone(), signer, config.audit_checkpoint_every);
        Ok(Self {
            app,
            authz,
            auditor,
            config: Arc::new(config),
            packs: Arc::new(packs),
            running: Arc::new(Mutex::new(HashSet::new())),
            deadlines: Arc::new(deadlines),
            travel: Arc::new(travel),
        })
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.app.store
    }

    /// The pack in force (the one no other supersedes).
    pub fn current_pack(&self) -> Option<&LoadedPack> {
        bvctnb_rules::current(&self.packs)
    }

    pub fn pack(&self, id: &str) -> Option<&LoadedPack> {
        self.packs.iter().find(|p| p.pack.id == id)
    }

    /// Today in Vietnam (UTC+7): deadlines and document dates are Vietnamese dates.
    pub fn today(&self) -> chrono::NaiveDate {
        bvctnb_app::rescreen::today()
    }

    /// What the case workflow needs: packs, calendar, deadlines and today.
    pub fn case_env(&self) -> CaseEnv<'_> {
        CaseEnv { packs: &self.packs, calendar: &self.config.calendar, deadlines: &self.deadlines, today: self.today() }
    }

    /// What travel operations need; `tree` is the caller's snapshot of the organisation tree.
    pub fn travel_env<'a>(&'a self, tree: &'a bvctnb_core::org::OrgTree) -> bvctnb_app::travel::TravelEnv<'a> {
        bvctnb_app::travel::TravelEnv {
            calendar: &self.config.calendar,
            rules: &self.travel,
            tree,
            today: self.today(),
        }
    }
}
