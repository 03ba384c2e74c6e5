//! Taking a classified item out of its keeping place (mang ra khỏi nơi lưu giữ): the request
//! with where it goes and when it comes back, the head's decision (for a trip abroad, a level
//! above the keeping unit, and the trip it travels on), the hand-over and the return. An item
//! is out at most once at a time, and a destroyed one never goes out.

use crate::Result;
use crate::workflow::StageEvent;
use async_trait::async_trait;
use bvctnb_core::ids::{OrgId, SecretItemId, TakeoutId, TripId};
use bvctnb_core::secret::TakeoutStage;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct NewTakeout {
    pub item: SecretItemId,
    pub purpose: String,
    pub destination: String,
    pub abroad: bool,
    pub trip: Option<TripId>,
    pub due_back: NaiveDate,
    pub by: String,
    pub on: NaiveDate,
}

/// One step after the request.
#[derive(Debug, Clone)]
pub enum TakeoutStep {
    Decide { approve: bool, approver_name: String, approver_title: String, note: String },
    TakeOut,
    Return { note: String },
}

impl TakeoutStep {
    /// The stage the step leads to from `from`, if it may be taken there.
    pub fn to_stage(&self, from: TakeoutStage) -> Option<TakeoutStage> {
        use TakeoutStage::*;
        match (self, from) {
            (TakeoutStep::Decide { approve: true, .. }, Requested) => Some(Approved),
            (TakeoutStep::Decide { approve: false, .. }, Requested) => Some(Refused),
            (TakeoutStep::TakeOut, Approved) => Some(Out),
            (TakeoutStep::Return { .. }, Out) => Some(Returned),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TakeoutRow {
    pub id: TakeoutId,
    pub item_id: SecretItemId,
    pub org_id: OrgId,
    pub purpose: String,
    pub destination: String,
    pub abroad: bool,
    pub trip_id: Option<TripId>,
    pub due_back: String,
    pub requested_by: String,
    pub requested_on: String,
    pub stage: TakeoutStage,
    pub approver_name: Option<String>,
    pub approver_title: Option<String>,
    pub decided_by: Option<String>,
    pub decided_on: Option<String>,
    pub decision_note: String,
    pub taken_by: Option<String>,
    pub taken_on: Option<String>,
    pub returned_on: Option<String>,
    pub returned_by: Option<String>,
    pub return_note: String,
    pub version: i64,
    /// The item's number and level, for lists.
    pub number_symbol: String,
    pub level: bvctnb_core::secret::SecretLevel,
}

#[async_trait]
pub trait SecretTakeouts {
    async fn request_takeout(&self, t: &NewTakeout) -> Result<TakeoutId>;
    /// The next step at `version`, by `by` on `on`.
    async fn takeout_step(
        &self,
        id: TakeoutId,
        version: i64,
        step: &TakeoutStep,
        by: &str,
        on: NaiveDate,
    ) -> Result<()>;
    async fn takeout(&self, id: TakeoutId) -> Result<Option<TakeoutRow>>;
    async fn takeouts_of_item(&self, item: SecretItemId) -> Result<Vec<TakeoutRow>>;
    /// The items of `org`'s subtree out past their due date on `today`, most overdue first.
    async fn overdue_takeouts(&self, org: OrgId, today: NaiveDate, limit: i64) -> Result<Vec<TakeoutRow>>;
    async fn takeout_events(&self, id: TakeoutId) -> Result<Vec<StageEvent<TakeoutStage>>>;
}
