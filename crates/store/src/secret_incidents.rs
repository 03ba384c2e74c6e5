//! Incidents with classified items (DOMAIN §6): an item lost or disclosed, or an envelope that
//! arrived with signs of being opened. The report is written at once with the items, the
//! circumstances and the measures taken; it stays flagged until the head of the keeping unit
//! and someone of the level above have each seen it.

use crate::Result;
use async_trait::async_trait;
use bvctnb_core::ids::{IncidentId, OrgId, SecretItemId};
use bvctnb_core::secret::IncidentKind;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct NewIncident {
    pub org: OrgId,
    pub kind: IncidentKind,
    pub occurred_on: NaiveDate,
    pub items: Vec<SecretItemId>,
    pub circumstances: String,
    pub measures: String,
    pub by: String,
}

/// Who saw a report: the head of the keeping unit, or someone of a level above it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seer {
    Head,
    Above,
}

#[derive(Debug, Clone, Serialize)]
pub struct IncidentRow {
    pub id: IncidentId,
    pub org_id: OrgId,
    pub kind: IncidentKind,
    pub occurred_on: String,
    pub circumstances: String,
    pub measures: String,
    pub reported_by: String,
    pub reported_at: String,
    pub head_seen_by: Option<String>,
    pub head_seen_at: Option<String>,
    pub above_seen_by: Option<String>,
    pub above_seen_at: Option<String>,
    pub version: i64,
    pub items: Vec<SecretItemId>,
}

#[async_trait]
pub trait SecretIncidents {
    async fn report_incident(&self, i: &NewIncident) -> Result<IncidentId>;
    /// Records that `by` saw the report as `seer`; a second look is refused.
    async fn incident_seen(&self, id: IncidentId, seer: Seer, by: &str) -> Result<()>;
    async fn incident(&self, id: IncidentId) -> Result<Option<IncidentRow>>;
    /// The reports of `org`'s subtree, newest first; `unseen` keeps those still waiting for the
    /// head or the level above.
    async fn incidents_in(&self, org: OrgId, unseen: bool, limit: i64) -> Result<Vec<IncidentRow>>;
}
