//! Copies and extracts of a classified item (sao y, sao lục, trích sao, chụp): a request, the
//! decision of an authority allowed for the item's level, and the copies made on it — each
//! batch numbered on from the item's last copy number and entered in the copy register of the
//! year, in one write. The store holds the limit: no write makes more copies than approved.

use crate::Result;
use crate::secrets::Registered;
use crate::workflow::StageEvent;
use async_trait::async_trait;
use bvctnb_core::ids::{CopyRequestId, OrgId, SecretItemId};
use bvctnb_core::secret::{CopyForm, CopyStatus};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct NewCopyRequest {
    pub item: SecretItemId,
    pub form: CopyForm,
    pub count: u32,
    pub purpose: String,
    /// Who the copies are for.
    pub counterpart: String,
    pub by: String,
    pub on: NaiveDate,
}

/// The authority's answer: approved for `count` copies, or refused (`count` 0) with the note.
#[derive(Debug, Clone)]
pub struct CopyDecision {
    pub approve: bool,
    pub count: u32,
    pub approver_name: String,
    /// The approver's title as the authority table names it.
    pub approver_title: String,
    pub note: String,
    /// The account that recorded it (the approver's own, or an officer's for a paper approval).
    pub by: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct MadeCopies {
    pub count: u32,
    pub on: NaiveDate,
    pub counterpart: String,
    pub note: String,
    pub by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CopyRow {
    pub id: CopyRequestId,
    pub item_id: SecretItemId,
    pub org_id: OrgId,
    pub form: CopyForm,
    pub requested_count: i64,
    pub purpose: String,
    pub counterpart: String,
    pub requested_by: String,
    pub requested_on: String,
    pub stage: CopyStatus,
    pub approver_name: Option<String>,
    pub approver_title: Option<String>,
    pub approved_count: Option<i64>,
    pub decided_by: Option<String>,
    pub decided_on: Option<String>,
    pub decision_note: String,
    pub made_count: i64,
    pub version: i64,
}

/// What making copies wrote: the copy register line and the numbers the copies carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Made {
    pub line: Registered,
    pub first: i64,
    pub last: i64,
}

#[async_trait]
pub trait SecretCopies {
    async fn request_copy(&self, r: &NewCopyRequest) -> Result<CopyRequestId>;
    /// Records the decision on a request still waiting for one, at `version`.
    async fn decide_copy(&self, id: CopyRequestId, version: i64, d: &CopyDecision) -> Result<()>;
    /// Makes `m.count` copies on an approved request: refused beyond the approved number.
    async fn make_copies(&self, id: CopyRequestId, version: i64, m: &MadeCopies) -> Result<Made>;
    async fn copy_request(&self, id: CopyRequestId) -> Result<Option<CopyRow>>;
    async fn copies_of_item(&self, item: SecretItemId) -> Result<Vec<CopyRow>>;
    async fn copy_events(&self, id: CopyRequestId) -> Result<Vec<StageEvent<CopyStatus>>>;
    /// The copy register lines written by making copies on `id`, cancelled ones included.
    async fn copy_lines(&self, id: CopyRequestId) -> Result<Vec<crate::secrets::EntryRow>>;
}
