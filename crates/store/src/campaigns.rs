//! Review campaigns (đợt rà soát): a run of the rules over every dossier of a scope, stored
//! batch by batch with its cursor so a killed run resumes, and its work lists: the persons
//! whose findings are new, changed or cleared since the findings of their last conclusion.
//! The store keeps findings as opaque JSON; the rules crate gives them meaning.

use crate::Result;
use async_trait::async_trait;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{CampaignId, OrgId, PersonId};
use futures::stream::BoxStream;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CampaignStatus {
    Running,
    Done,
    Failed,
}

impl CampaignStatus {
    pub fn code(self) -> &'static str {
        match self {
            CampaignStatus::Running => "running",
            CampaignStatus::Done => "done",
            CampaignStatus::Failed => "failed",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        [CampaignStatus::Running, CampaignStatus::Done, CampaignStatus::Failed].into_iter().find(|c| c.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            CampaignStatus::Running => "Đang chạy hoặc bị dừng giữa chừng",
            CampaignStatus::Done => "Đã xong",
            CampaignStatus::Failed => "Bị lỗi",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Campaign {
    pub id: CampaignId,
    pub pack_id: String,
    /// Pack id, edition and digest of the file the campaign evaluated with.
    pub pack_version: String,
    pub case_kind: CaseKind,
    pub scope_org: OrgId,
    pub started_by: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    /// Persons in the scope when the campaign started.
    pub scope_persons: i64,
    pub status: CampaignStatus,
    /// The last person id whose result is committed.
    pub cursor: i64,
    /// Persons evaluated one by one: those with screening facts or a conclusion's findings to
    /// compare with. Every other person of the scope has nothing any rule can match.
    pub total: i64,
    pub processed: i64,
    pub flagged: i64,
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewCampaign {
    pub pack_id: String,
    pub pack_version: String,
    pub case_kind: CaseKind,
    pub scope_org: OrgId,
    pub started_by: String,
    pub scope_persons: i64,
    pub total: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Findings where the last conclusion had none (or there is no conclusion yet).
    New,
    /// Findings differ from those of the last conclusion.
    Changed,
    /// The last conclusion had findings; now there are none.
    Cleared,
}

impl Change {
    pub fn code(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Changed => "changed",
            Change::Cleared => "cleared",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        [Change::New, Change::Changed, Change::Cleared].into_iter().find(|c| c.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Change::New => "Phát hiện mới",
            Change::Changed => "Thay đổi so với lần kết luận trước",
            Change::Cleared => "Không còn phát hiện",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct CampaignResult {
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub change: Change,
    /// The highest severity code among the findings; `None` when cleared.
    pub severity: Option<String>,
    pub fingerprint: String,
    /// The findings as JSON, for the work list and the export.
    pub findings: String,
}

/// A result with what a work list shows next to it.
#[derive(Debug, Clone, Serialize)]
pub struct ResultRow {
    pub result: CampaignResult,
    pub full_name: String,
    pub birth_year: i32,
    pub org_name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct OrgTally {
    pub org_id: OrgId,
    pub org_name: String,
    pub new: i64,
    pub changed: i64,
    pub cleared: i64,
}

/// A person a campaign evaluates: their screening facts (JSON of
/// `bvctnb_core::screening::ScreeningFacts`, `None` when they have none any more) and the
/// fingerprint of the findings their last conclusion was made on, if any.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub facts: Option<String>,
    pub baseline: Option<String>,
}

#[async_trait]
pub trait Campaigns: Send + Sync {
    async fn create_campaign(&self, c: &NewCampaign) -> Result<Campaign>;
    async fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>>;
    /// Campaigns whose scope lies within `within` (the whole tree when None), newest first.
    async fn list_campaigns(&self, within: Option<OrgId>, limit: i64) -> Result<Vec<Campaign>>;
    /// A running campaign with the same pack, kind and scope, to resume.
    async fn unfinished_campaign(&self, pack_id: &str, case_kind: CaseKind, scope: OrgId) -> Result<Option<Campaign>>;
    /// Commits one batch: its results, the new cursor and the counters, in one transaction.
    async fn record_batch(&self, id: CampaignId, cursor: i64, processed: i64, results: &[CampaignResult])
    -> Result<()>;
    async fn finish_campaign(&self, id: CampaignId, status: CampaignStatus, error: Option<&str>) -> Result<()>;
    /// Results under `within` (the campaign's whole scope when None), by organisation then name.
    async fn campaign_results(
        &self,
        id: CampaignId,
        within: Option<OrgId>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ResultRow>>;
    /// Counts by organisation, leaving out the rows of `exclude` (a reader's own and their
    /// relatives': a count of one would tell what was found on them).
    async fn campaign_tally(
        &self,
        id: CampaignId,
        within: Option<OrgId>,
        exclude: &[PersonId],
    ) -> Result<Vec<OrgTally>>;
    /// Persons under `org` with screening facts or a baseline, id above `after`, in id order.
    fn stream_candidates(&self, org: OrgId, after: PersonId) -> BoxStream<'_, Result<Candidate>>;
    async fn count_candidates(&self, org: OrgId) -> Result<i64>;
    /// Whether the screening projection covers every person (false on a database that held
    /// persons before the projection existed, until it is built).
    async fn screen_facts_ready(&self) -> Result<bool>;
    /// Builds the projection for the next batch of persons after `after`; returns the last id
    /// done, or None when every person is covered (and marks the projection ready).
    async fn build_screen_facts(&self, after: PersonId) -> Result<Option<PersonId>>;
    async fn set_baseline(&self, person: PersonId, fingerprint: &str, pack_version: &str, source: &str) -> Result<()>;
}
