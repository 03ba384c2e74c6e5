//! How a classified item leaves the holding: destruction, by a council's decision (a decision
//! forming the council, the list proposed, the council's minutes, the destruction decision and
//! the destruction record), or by the holder at once in an emergency, who then owes the head a
//! written report. Holds keep an item while a case or an inspection needs it; the store refuses
//! to destroy an item under an active hold, whichever path asks.

use crate::Result;
use crate::workflow::StageEvent;
use async_trait::async_trait;
use bvctnb_core::ids::{CaseId, DestructionId, OrgId, SecretHoldId, SecretItemId};
use bvctnb_core::secret::DestructionStage;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct NewHold {
    pub item: SecretItemId,
    /// The case that needs the item: the hold lifts itself when the case closes.
    pub case: Option<CaseId>,
    pub reason: String,
    pub by: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, Serialize)]
pub struct HoldRow {
    pub id: SecretHoldId,
    pub item_id: SecretItemId,
    pub case_id: Option<CaseId>,
    pub reason: String,
    pub placed_by: String,
    pub placed_on: String,
    pub released_by: Option<String>,
    pub released_on: Option<String>,
    /// Still keeps the item: not released, and its case (if any) not closed.
    pub active: bool,
}

#[derive(Debug, Clone)]
pub struct NewDestruction {
    pub org: OrgId,
    pub items: Vec<SecretItemId>,
    pub reason: String,
    /// The urgent path: destroyed at once by the holder; `destroyed` then says how.
    pub urgent: bool,
    /// The decision forming the council (number and date), and its members, one per line.
    pub council_decision: String,
    pub council_members: String,
    pub destroyed: Option<Destroyed>,
    pub by: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Destroyed {
    pub on: NaiveDate,
    pub method: String,
    /// The destruction record (biên bản tiêu huỷ).
    pub record: String,
}

/// One step of a destruction, in the order of its path.
#[derive(Debug, Clone)]
pub enum DestructionStep {
    Minutes { on: NaiveDate, minutes: String },
    Decision { number: String, on: NaiveDate, signer: String },
    Destroy(Destroyed),
    Report { on: NaiveDate, report: String },
}

impl DestructionStep {
    pub fn to_stage(&self) -> DestructionStage {
        match self {
            DestructionStep::Minutes { .. } => DestructionStage::Minuted,
            DestructionStep::Decision { .. } => DestructionStage::Decided,
            DestructionStep::Destroy(_) => DestructionStage::Destroyed,
            DestructionStep::Report { .. } => DestructionStage::Reported,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct DestructionRow {
    pub id: DestructionId,
    pub org_id: OrgId,
    pub urgent: bool,
    pub stage: DestructionStage,
    pub council_decision: String,
    pub council_members: String,
    pub reason: String,
    pub proposed_by: String,
    pub proposed_on: String,
    pub minutes_on: Option<String>,
    pub minutes: String,
    pub decision_number: String,
    pub decision_on: Option<String>,
    pub decision_signer: String,
    pub destroyed_on: Option<String>,
    pub method: String,
    pub record: String,
    pub report_on: Option<String>,
    pub report: String,
    pub version: i64,
    pub items: Vec<SecretItemId>,
}

#[async_trait]
pub trait SecretDestruction {
    async fn place_hold(&self, h: &NewHold) -> Result<SecretHoldId>;
    async fn release_hold(&self, id: SecretHoldId, by: &str, on: NaiveDate) -> Result<()>;
    async fn holds_of_item(&self, item: SecretItemId) -> Result<Vec<HoldRow>>;
    /// Opens a destruction of items kept by `d.org`. Refused for an item on hold, already
    /// destroyed or on another destruction's list; the urgent path destroys them at once.
    async fn propose_destruction(&self, d: &NewDestruction) -> Result<DestructionId>;
    /// Takes the next step of the destruction's path at `version`; the destroy step checks the
    /// holds again and takes the items out of the holding.
    async fn destruction_step(&self, id: DestructionId, version: i64, step: &DestructionStep, by: &str) -> Result<()>;
    async fn destruction(&self, id: DestructionId) -> Result<Option<DestructionRow>>;
    /// The destructions of an organisation, newest first.
    async fn destructions_of_org(&self, org: OrgId) -> Result<Vec<DestructionRow>>;
    async fn destruction_events(&self, id: DestructionId) -> Result<Vec<StageEvent<DestructionStage>>>;
}
