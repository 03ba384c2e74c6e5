//! Going abroad: trips and their history, delegations, the passport custody register and the
//! declarations of foreign relations. Like cases, every change to a trip is one [`TripWrite`]
//! under the trip's version, applied in one transaction.

use crate::Result;
use crate::workflow::{FileMeta, NewFile, NewStageEvent, PersonNotice, StageEvent};
use async_trait::async_trait;
use bvctnb_core::ids::{AttachmentId, DelegationId, NoticeId, OrgId, PassportId, PersonId, RelationId, TripId};
use bvctnb_core::travel::{ForeignTie, PassportKind, RelationDecision, TripKind, TripStage};
use serde::Serialize;

pub type TripEvent = StageEvent<TripStage>;
pub type TripEventIn = NewStageEvent<TripStage>;
pub type TripFile = FileMeta<TripId>;
pub type NewTripFile = NewFile;
pub type TripNotice = PersonNotice<TripId>;

#[derive(Debug, Clone, Serialize)]
pub struct TripRow {
    pub id: TripId,
    pub kind: TripKind,
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub delegation_id: Option<DelegationId>,
    /// Countries as declared, separated by "; ".
    pub countries: String,
    /// Dates are `yyyy-mm-dd`; these two are the planned ones.
    pub depart_on: String,
    pub return_on: String,
    pub purpose: String,
    /// Who pays.
    pub funding: String,
    /// Whom the member visits abroad.
    pub visits: String,
    pub visits_relatives: bool,
    /// The commitment about the relatives visited (Phụ lục II), once filed.
    pub commitment: Option<String>,
    pub stage: TripStage,
    pub stage_since: String,
    pub cell_opinion: Option<String>,
    pub cell_by: Option<String>,
    pub cell_on: Option<String>,
    pub decision_number: Option<String>,
    pub decided_by: Option<String>,
    pub decider_name: Option<String>,
    pub decided_on: Option<String>,
    pub refusal_reason: Option<String>,
    /// Recorded by an officer: the trip was made without an approval.
    pub unapproved: bool,
    pub reentry_on: Option<String>,
    pub report_due: Option<String>,
    pub report_on: Option<String>,
    pub report_text: Option<String>,
    /// The party-life arrangement recorded for the stay (a code of `Arrangement`).
    pub arrangement: Option<String>,
    pub filed_on: String,
    pub created_by: String,
    pub created_at: String,
    pub version: i64,
}

/// A trip in a list, with the traveller's name and organisation.
#[derive(Debug, Clone, Serialize)]
pub struct TripSummary {
    pub trip: TripRow,
    pub full_name: String,
    pub birth_year: i32,
    pub org_name: String,
}

#[derive(Debug, Clone)]
pub struct NewTrip {
    pub kind: TripKind,
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub countries: String,
    pub depart_on: String,
    pub return_on: String,
    pub purpose: String,
    pub funding: String,
    pub visits: String,
    pub visits_relatives: bool,
    pub commitment: Option<String>,
    pub stage: TripStage,
    pub unapproved: bool,
    pub filed_on: String,
    pub created_by: String,
}

/// One step's worth of changes to a trip: the new row, its history line, the papers, what
/// the member is told, and the due date of the passports handed out for it.
#[derive(Debug, Clone)]
pub struct TripWrite {
    pub expected_version: i64,
    pub row: TripRow,
    pub event: TripEventIn,
    pub files: Vec<NewTripFile>,
    pub notice: Option<String>,
    pub passport_due: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct TripFilter {
    pub kind: Option<TripKind>,
    /// Trips at any of these stages (all stages when empty).
    pub stages: Vec<TripStage>,
    /// Trips that were abroad at some time in `[from, to]` (by the planned dates).
    pub from: Option<String>,
    pub to: Option<String>,
    /// A country named in the trip (matched in the declared text, case-insensitively).
    pub country: Option<String>,
    /// Returned trips whose report was due before this date.
    pub report_late_on: Option<String>,
    /// Submitted but not yet decided, with the departure date before this date.
    pub undecided_before: Option<String>,
    /// Persons the viewer must not see (their own, their relatives').
    pub exclude: Vec<PersonId>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DelegationRow {
    pub id: DelegationId,
    pub org_id: OrgId,
    pub decision_number: String,
    pub decided_on: String,
    /// The body that decided to send it, e.g. "Ban Thường vụ Tỉnh ủy".
    pub decided_by: String,
    pub leader_id: PersonId,
    pub leader_name: String,
    pub countries: String,
    pub depart_on: String,
    pub return_on: String,
    pub purpose: String,
    pub funding: String,
    pub arrangement: Option<String>,
    pub reentry_on: Option<String>,
    pub report_on: Option<String>,
    pub report_text: Option<String>,
    pub created_by: String,
    pub created_at: String,
    pub version: i64,
}

#[derive(Debug, Clone)]
pub struct NewDelegation {
    pub org_id: OrgId,
    pub decision_number: String,
    pub decided_on: String,
    pub decided_by: String,
    pub leader_id: PersonId,
    pub countries: String,
    pub depart_on: String,
    pub return_on: String,
    pub purpose: String,
    pub funding: String,
    pub arrangement: Option<String>,
    pub created_by: String,
}

/// The delegation's own changes (re-entry, the leader's report, party life) with those of
/// every member's trip, together.
#[derive(Debug, Clone)]
pub struct DelegationWrite {
    pub expected_version: i64,
    pub row: DelegationRow,
    pub trips: Vec<TripWrite>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PassportRow {
    pub id: PassportId,
    pub person_id: PersonId,
    pub full_name: String,
    pub org_id: OrgId,
    pub kind: PassportKind,
    pub number: String,
    pub issued_on: String,
    pub expires_on: String,
    /// The open hand-out, if the passport is out of custody.
    pub out: Option<LoanRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LoanRow {
    pub id: i64,
    pub passport_id: PassportId,
    pub trip_id: TripId,
    pub handed_on: String,
    pub handed_by: String,
    pub due_on: Option<String>,
    pub returned_on: Option<String>,
    pub received_by: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewPassport {
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub kind: PassportKind,
    pub number: String,
    pub issued_on: String,
    pub expires_on: String,
    pub created_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RelationRow {
    pub id: RelationId,
    pub person_id: PersonId,
    pub kind: ForeignTie,
    pub supersedes: Option<RelationId>,
    pub current: bool,
    pub declared_on: String,
    pub name: String,
    pub relation: String,
    pub birth_year: Option<i32>,
    pub country: String,
    pub since: String,
    pub occupation: String,
    pub nationality: String,
    pub details: String,
    /// The relation no longer holds (the relative came back, the contact ended).
    pub ended: bool,
    pub needs_approval: bool,
    /// Once decided.
    pub decision: Option<RelationDecision>,
    pub decided_by: Option<String>,
    pub decider_name: Option<String>,
    pub decided_on: Option<String>,
    pub decision_reason: Option<String>,
    pub recorded_by: String,
    pub recorded_at: String,
}

/// A current declaration in a listing, with the declarant's name and organisation.
#[derive(Debug, Clone, Serialize)]
pub struct RelationSummary {
    pub relation: RelationRow,
    pub full_name: String,
    pub org_name: String,
}

#[derive(Debug, Clone, Default)]
pub struct RelationFilter {
    pub kinds: Vec<ForeignTie>,
    pub country: Option<String>,
    pub pending_only: bool,
    pub exclude: Vec<PersonId>,
}

/// Trips of members: the row under its version, its history, papers and the notices to the
/// member.
#[async_trait]
pub trait Trips: Send + Sync {
    async fn create_trip(&self, t: &NewTrip, files: Vec<NewTripFile>) -> Result<TripRow>;
    async fn trip(&self, id: TripId) -> Result<Option<TripRow>>;
    /// Applies `w` if the trip is still at `w.expected_version`; `VersionConflict` otherwise.
    async fn write_trip(&self, w: TripWrite) -> Result<i64>;
    async fn trip_events(&self, id: TripId) -> Result<Vec<TripEvent>>;
    async fn trip_files(&self, id: TripId) -> Result<Vec<TripFile>>;
    async fn trip_file(&self, id: AttachmentId) -> Result<Option<(TripFile, Vec<u8>)>>;
    async fn trips_of_person(&self, person: PersonId) -> Result<Vec<TripRow>>;
    /// Trips of the persons whose ids lie in `first..=last`, by person (a campaign's batch).
    async fn trips_of_persons(&self, first: PersonId, last: PersonId) -> Result<Vec<TripRow>>;
    /// Trips of members of the subtree of `org`, filtered in the query, latest departure first.
    async fn trips_in_scope(&self, org: OrgId, f: &TripFilter, limit: i64) -> Result<Vec<TripSummary>>;
    async fn count_trips(&self, org: OrgId, f: &TripFilter) -> Result<i64>;
    /// Notices about trips to the person, newest first.
    async fn trip_notices(&self, person: PersonId, limit: i64) -> Result<Vec<TripNotice>>;
    async fn mark_trip_notices_read(&self, person: PersonId, ids: &[NoticeId]) -> Result<()>;
}

/// Official delegations: one decision, one official trip per member.
#[async_trait]
pub trait Delegations: Send + Sync {
    /// Creates the delegation and one official trip per member (the leader included).
    async fn create_delegation(&self, d: &NewDelegation, members: Vec<NewTrip>) -> Result<DelegationRow>;
    async fn delegation(&self, id: DelegationId) -> Result<Option<DelegationRow>>;
    async fn write_delegation(&self, w: DelegationWrite) -> Result<i64>;
    async fn delegation_trips(&self, id: DelegationId) -> Result<Vec<TripSummary>>;
    async fn delegations_in_scope(&self, org: OrgId, limit: i64) -> Result<Vec<DelegationRow>>;
}

/// The passport custody register and its hand-outs.
#[async_trait]
pub trait Passports: Send + Sync {
    async fn add_passport(&self, p: &NewPassport) -> Result<PassportId>;
    async fn passport(&self, id: PassportId) -> Result<Option<PassportRow>>;
    async fn passports_of_person(&self, person: PersonId) -> Result<Vec<PassportRow>>;
    /// Passports of the persons whose ids lie in `first..=last`, by person.
    async fn passports_of_persons(&self, first: PersonId, last: PersonId) -> Result<Vec<PassportRow>>;
    /// The register of the subtree of `org`; `overdue_on` keeps those out past their due date.
    async fn passports_in_scope(
        &self,
        org: OrgId,
        overdue_on: Option<&str>,
        exclude: &[PersonId],
        limit: i64,
    ) -> Result<Vec<PassportRow>>;
    /// How many passports of the subtree of `org` are out past their due date on `on`.
    async fn count_passports_overdue(&self, org: OrgId, on: &str) -> Result<i64>;
    /// Hands the passport out for the trip; refused (`Conflict`) when it is already out.
    async fn hand_out_passport(&self, passport: PassportId, trip: TripId, on: &str, by: &str) -> Result<i64>;
    async fn take_back_passport(&self, passport: PassportId, on: &str, by: &str) -> Result<()>;
    async fn passport_loans(&self, passport: PassportId) -> Result<Vec<LoanRow>>;
    async fn loans_of_trip(&self, trip: TripId) -> Result<Vec<LoanRow>>;
}

/// Declarations of foreign relations, versioned by superseding.
#[async_trait]
pub trait ForeignRelations: Send + Sync {
    /// Records a declaration; when it supersedes another, that one stops being current.
    async fn declare_relation(&self, r: &RelationRow) -> Result<RelationId>;
    async fn relation(&self, id: RelationId) -> Result<Option<RelationRow>>;
    async fn decide_relation(
        &self,
        id: RelationId,
        decision: RelationDecision,
        by: &str,
        name: &str,
        on: &str,
        reason: &str,
    ) -> Result<()>;
    /// Every version of every declaration of the person, oldest first.
    async fn relations_of_person(&self, person: PersonId) -> Result<Vec<RelationRow>>;
    async fn relations_in_scope(&self, org: OrgId, f: &RelationFilter, limit: i64) -> Result<Vec<RelationSummary>>;
}

/// All of going abroad, for code that wants it as one bound; implemented for everything that
/// implements its parts.
pub trait Travel: Trips + Delegations + Passports + ForeignRelations {}

impl<T: Trips + Delegations + Passports + ForeignRelations + ?Sized> Travel for T {}
