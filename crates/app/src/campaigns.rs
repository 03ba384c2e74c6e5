//! Review campaigns as the web pages run them: listed, started or resumed, run by a task of
//! this process (the database cannot tell a running campaign from one whose process stopped;
//! the set of runs kept here can), read page by page and exported. The engine itself is
//! [`crate::rescreen`], shared with the CLI.

use crate::rescreen::{self, RescreenError};
use crate::rules::LoadedPack;
use crate::{App, Error, Result};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{CampaignId, OrgId, PersonId};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};

pub use bvctnb_store::campaigns::{Campaign, CampaignStatus, Change, OrgTally, ResultRow};

/// Takes a campaign id out of the running set when its task ends, however it ends.
struct RunningGuard {
    set: Arc<Mutex<HashSet<CampaignId>>>,
    id: CampaignId,
}

impl Drop for RunningGuard {
    fn drop(&mut self) {
        self.set.lock().unwrap_or_else(|e| e.into_inner()).remove(&self.id);
    }
}

impl App {
    pub async fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>> {
        Ok(self.store.campaign(id).await?)
    }

    /// Newest first; `within` keeps those whose scope lies inside that organisation.
    pub async fn list_campaigns(&self, within: Option<OrgId>, limit: i64) -> Result<Vec<Campaign>> {
        Ok(self.store.list_campaigns(within, limit).await?)
    }

    pub async fn campaign_results(
        &self,
        id: CampaignId,
        within: Option<OrgId>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ResultRow>> {
        Ok(self.store.campaign_results(id, within, limit, offset).await?)
    }

    pub async fn campaign_tally(
        &self,
        id: CampaignId,
        within: Option<OrgId>,
        exclude: &[PersonId],
    ) -> Result<Vec<OrgTally>> {
        Ok(self.store.campaign_tally(id, within, exclude).await?)
    }

    /// A new campaign, or the unfinished one with the same pack, kind and scope (unless
    /// `fresh`); the flag says which.
    pub async fn start_campaign(
        &self,
        pack: &LoadedPack,
        kind: CaseKind,
        scope: OrgId,
        started_by: &str,
        fresh: bool,
    ) -> Result<(Campaign, bool), RescreenError> {
        rescreen::start_or_resume(self.store.as_ref(), pack, kind, scope, started_by, fresh).await
    }

    /// Marks a campaign that cannot go on (its pack is gone) as failed, with the reason.
    pub async fn fail_campaign(&self, id: CampaignId, why: &str) -> Result<()> {
        rescreen::fail(self.store.as_ref(), id, why).await.map_err(Error::from)
    }

    pub fn campaign_running(&self, id: CampaignId) -> bool {
        self.running.lock().unwrap_or_else(|e| e.into_inner()).contains(&id)
    }

    /// Runs `c` in a background task unless this process already runs it. A run that stops on
    /// an error stays `Running` in the database and can be resumed from its last batch.
    pub fn spawn_campaign(&self, pack: &LoadedPack, c: Campaign) -> bool {
        if !self.running.lock().unwrap_or_else(|e| e.into_inner()).insert(c.id) {
            return false;
        }
        let guard = RunningGuard { set: self.running.clone(), id: c.id };
        let store = self.store.clone();
        let pack = Arc::new(pack.clone());
        tokio::spawn(async move {
            let _guard = guard;
            if let Err(e) = rescreen::run(store, pack, &c, |_, _| {}).await {
                tracing::warn!(campaign = c.id.0, error = %e, "review campaign stopped; it can be resumed");
            }
        });
        true
    }

    /// The campaign's work lists as a workbook; `recused` persons are listed by name only.
    pub async fn campaign_xlsx(
        &self,
        c: &Campaign,
        within: Option<OrgId>,
        recused: &[PersonId],
        scope_name: &str,
        pack_title: &str,
    ) -> Result<Vec<u8>> {
        crate::workbook::campaign_xlsx(self.store.as_ref(), c, within, recused, scope_name, pack_title).await.map_err(
            |e| match e {
                crate::workbook::WorkbookError::Store(s) => s.into(),
                other => Error::internal(other),
            },
        )
    }
}

impl From<RescreenError> for Error {
    fn from(e: RescreenError) -> Self {
        match e {
            RescreenError::Store(s) => s.into(),
            e @ (RescreenError::NotReady | RescreenError::PackChanged { .. } | RescreenError::Finished(_)) => {
                Error::Conflict(e.to_string())
            }
            RescreenError::Join(j) => j.into(),
        }
    }
}
