//! Vetting cases: the case row and everything recorded in it. Every change to a case is one
//! [`CaseWrite`], applied in one transaction under the case's version, so two officers acting
//! at once cannot both move it, and a crash leaves either all of a step or none of it.

use crate::Result;
use crate::workflow::{FileMeta, NewFile, NewStageEvent, PersonNotice, StageEvent};
use async_trait::async_trait;
use bvctnb_core::case::docnum::DocKind;
use bvctnb_core::case::verify::{CarrierMode, RequestStatus};
use bvctnb_core::case::{NoteKind, Stage};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{AttachmentId, CaseId, ConclusionId, NoteId, NoticeId, OrgId, PersonId, RequestId};
use serde::Serialize;

pub type EventRow = StageEvent<Stage>;
pub type NewEvent = NewStageEvent<Stage>;
pub type AttachmentMeta = FileMeta<CaseId>;
pub type NewAttachment = NewFile;
pub type Notice = PersonNotice<CaseId>;

#[derive(Debug, Clone, Serialize)]
pub struct CaseRow {
    pub id: CaseId,
    pub kind: CaseKind,
    pub person_id: PersonId,
    pub org_id: OrgId,
    /// The post, candidacy or reason the case is about.
    pub purpose: String,
    pub stage: Stage,
    /// Dates are `yyyy-mm-dd`.
    pub stage_since: String,
    pub stage_due: Option<String>,
    pub has_issue: bool,
    /// The pack (id, edition, digest) the evaluation was made under.
    pub pack_version: String,
    /// The rules' evaluation (findings, plan) as JSON; the rules crate gives it meaning.
    pub evaluation: String,
    pub declaration_version: i64,
    pub explanation_asked: bool,
    pub explanation_due: Option<String>,
    pub opened_on: String,
    pub opened_at: String,
    pub opened_by: String,
    pub closed_on: Option<String>,
    pub outcome: Option<String>,
    pub version: i64,
}

/// A case in a list, with the subject's name.
#[derive(Debug, Clone, Serialize)]
pub struct CaseSummary {
    pub case: CaseRow,
    pub full_name: String,
    pub birth_year: i32,
}

#[derive(Debug, Clone, Serialize)]
pub struct RequestRow {
    pub id: RequestId,
    pub case_id: CaseId,
    /// The person verified, as the rules name them (JSON).
    pub person_ref: String,
    pub person_label: String,
    pub place: String,
    pub body: String,
    /// `grassroots`, `abroad` or `security`.
    pub channel: String,
    pub points: String,
    pub status: RequestStatus,
    /// Why the request was added, dropped or is not required (with the rule).
    pub reason: String,
    pub number: Option<String>,
    pub sent_on: Option<String>,
    pub carrier_mode: Option<CarrierMode>,
    pub carrier_name: Option<String>,
    pub carrier_person: Option<PersonId>,
    pub due_on: Option<String>,
    pub answered_on: Option<String>,
    pub answer_ref: Option<String>,
    pub answer_signer: Option<String>,
    /// `[{"point", "result", "detail"}]`.
    pub answers: String,
    pub created_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteRow {
    pub id: NoteId,
    pub kind: NoteKind,
    pub at: String,
    pub on_date: String,
    pub author: String,
    pub author_name: String,
    pub text: String,
    pub number: Option<String>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ConclusionRow {
    pub id: ConclusionId,
    pub case_id: CaseId,
    pub person_id: PersonId,
    pub category: String,
    pub category_title: String,
    pub ceiling: Option<String>,
    pub ceiling_title: Option<String>,
    pub grounds: String,
    /// The findings cited, as JSON.
    pub findings: String,
    pub issuer_org: OrgId,
    pub number: String,
    pub signer: String,
    pub signer_name: String,
    pub signer_position: String,
    pub signer_level: i64,
    pub signed_on: String,
    pub pack_version: String,
    pub valid_until: Option<String>,
    /// The conclusion this one reviews (at the level above), which stays as it was.
    pub reviews: Option<ConclusionId>,
    pub review_outcome: Option<String>,
    pub recorded_at: String,
}

/// Whom a notice is for: a role at an organisation, or one person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeTo {
    Role { role: String, org: OrgId },
    Person(PersonId),
}

/// Whose notices to list: an account's role, scope and linked person.
#[derive(Debug, Clone)]
pub struct Inbox {
    pub account: i64,
    pub role: String,
    pub scope: Option<OrgId>,
    pub person: Option<PersonId>,
}

#[derive(Debug, Clone)]
pub struct NewCase {
    pub kind: CaseKind,
    pub person_id: PersonId,
    pub org_id: OrgId,
    pub purpose: String,
    pub stage_due: Option<String>,
    pub has_issue: bool,
    pub pack_version: String,
    pub evaluation: String,
    pub declaration_version: i64,
    pub opened_on: String,
    pub opened_by: String,
}

#[derive(Debug, Clone)]
pub struct NewNote {
    pub kind: NoteKind,
    pub on_date: String,
    pub author: String,
    pub author_name: String,
    pub text: String,
    pub number: Option<String>,
    pub outcome: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewConclusion {
    pub category: String,
    pub category_title: String,
    pub ceiling: Option<String>,
    pub ceiling_title: Option<String>,
    pub grounds: String,
    pub findings: String,
    pub issuer_org: OrgId,
    /// Given by hand (a paper document already numbered), or taken from the register.
    pub number: Option<String>,
    pub body_symbol: String,
    pub signer: String,
    pub signer_name: String,
    pub signer_position: String,
    pub signer_level: i64,
    pub signed_on: String,
    pub pack_version: String,
    pub valid_until: Option<String>,
    pub reviews: Option<ConclusionId>,
    pub review_outcome: Option<String>,
}

/// A running number to take from the register of `org` inside the write, for a request letter.
#[derive(Debug, Clone)]
pub struct LetterNumber {
    pub org: OrgId,
    pub body_symbol: String,
    pub request: RequestId,
}

/// The findings a conclusion was made on, for review campaigns' work lists.
#[derive(Debug, Clone)]
pub struct Baseline {
    pub fingerprint: String,
    pub pack_version: String,
    pub source: String,
}

/// The new state of the case row, when a write changes it.
#[derive(Debug, Clone)]
pub struct CaseState {
    pub stage: Stage,
    pub stage_since: String,
    pub stage_due: Option<String>,
    pub has_issue: bool,
    pub evaluation: Option<(String, String)>,
    pub explanation_asked: bool,
    pub explanation_due: Option<String>,
    pub closed_on: Option<String>,
    pub outcome: Option<String>,
}

/// One step's worth of changes to a case, applied together or not at all.
#[derive(Debug, Clone)]
pub struct CaseWrite {
    pub case_id: CaseId,
    pub expected_version: i64,
    pub state: Option<CaseState>,
    pub event: NewEvent,
    pub new_requests: Vec<RequestRow>,
    /// Requests changed by the step, each with the register to number its letter from when
    /// it is sent without a number typed.
    pub request_updates: Vec<(RequestRow, Option<LetterNumber>)>,
    pub note: Option<NewNote>,
    pub conclusion: Option<NewConclusion>,
    pub attachments: Vec<NewAttachment>,
    pub notices: Vec<(NoticeTo, String)>,
    pub baseline: Option<Baseline>,
    /// The secret papers the step issues or records, each entered in its register here.
    pub papers: Vec<crate::secrets::PaperLine>,
}

impl CaseWrite {
    pub fn new(case: &CaseRow, event: NewEvent) -> Self {
        Self {
            case_id: case.id,
            expected_version: case.version,
            state: None,
            event,
            new_requests: Vec::new(),
            request_updates: Vec::new(),
            note: None,
            conclusion: None,
            attachments: Vec::new(),
            notices: Vec::new(),
            baseline: None,
            papers: Vec::new(),
        }
    }
}

/// What a write produced: the new version and the numbers it assigned.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub version: i64,
    pub note_id: Option<NoteId>,
    pub conclusion_id: Option<ConclusionId>,
    /// The letter numbers taken from the register, in the order of `request_updates`.
    pub letter_numbers: Vec<String>,
    pub conclusion_number: Option<String>,
    /// The register lines of `papers`, in their order.
    pub papers: Vec<crate::secrets::Registered>,
}

#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    pub kind: Option<CaseKind>,
    /// Cases at any of these stages (all stages when empty).
    pub stages: Vec<Stage>,
    pub open_only: bool,
    /// Only cases whose current stage was due before this date.
    pub overdue_on: Option<String>,
    /// Persons whose cases the viewer must not see (their own, their relatives').
    pub exclude: Vec<PersonId>,
}

/// The column a case list is ordered by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CaseOrder {
    /// The case number (the order cases were opened in).
    #[default]
    Id,
    /// The subject's name, given name first, in Vietnamese order.
    Name,
    /// The kind, by its label in Vietnamese order.
    Kind,
    /// The current stage, in the order of the flow.
    Stage,
    /// The current stage's due date; cases with none last.
    Due,
    Opened,
}

/// Which part of a case list: its order, direction and the rows from `offset`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseWindow {
    pub order: CaseOrder,
    pub desc: bool,
    pub offset: i64,
    pub limit: i64,
}

impl CaseWindow {
    /// The newest `limit` cases.
    pub fn newest(limit: i64) -> Self {
        CaseWindow { order: CaseOrder::Id, desc: true, offset: 0, limit }
    }
}

/// A sent request past its due date, for the overdue lists.
#[derive(Debug, Clone, Serialize)]
pub struct OverdueRequest {
    pub request: RequestRow,
    pub person_id: PersonId,
    pub full_name: String,
}

/// Time spent in one stage of one case, or a whole case from opening to closing (`stage`
/// `None`), for the case clocks.
#[derive(Debug, Clone, Serialize)]
pub struct StageTime {
    pub kind: CaseKind,
    pub stage: Option<Stage>,
    pub days: i64,
}

/// The case row and what is recorded in it: every change is one [`CaseWrite`].
#[async_trait]
pub trait Cases: Send + Sync {
    async fn create_case(
        &self,
        c: &NewCase,
        requests: Vec<RequestRow>,
        notices: Vec<(NoticeTo, String)>,
    ) -> Result<CaseRow>;
    async fn case(&self, id: CaseId) -> Result<Option<CaseRow>>;
    /// Applies `w` if the case is still at `w.expected_version`; `VersionConflict` otherwise.
    async fn write_case(&self, w: CaseWrite) -> Result<Written>;
    async fn case_events(&self, id: CaseId) -> Result<Vec<EventRow>>;
    async fn case_notes(&self, id: CaseId) -> Result<Vec<NoteRow>>;
    async fn case_attachments(&self, id: CaseId) -> Result<Vec<AttachmentMeta>>;
    async fn attachment(&self, id: AttachmentId) -> Result<Option<(AttachmentMeta, Vec<u8>)>>;
}

/// Cases over a scope or of a person, and the case clocks.
#[async_trait]
pub trait CaseLists: Send + Sync {
    /// The window `w` of the cases kept in the subtree of `org`, filtered in the query.
    async fn cases_in_scope(&self, org: OrgId, f: &CaseFilter, w: &CaseWindow) -> Result<Vec<CaseSummary>>;
    async fn count_cases(&self, org: OrgId, f: &CaseFilter) -> Result<i64>;
    async fn cases_of_person(&self, person: PersonId) -> Result<Vec<CaseRow>>;
    /// Every stage time and every whole-case time of the subtree (bounded by the number of
    /// cases, which is small beside the number of persons).
    async fn stage_times(&self, org: OrgId) -> Result<Vec<StageTime>>;
}

/// Requests for verification sent by cases (written through [`Cases::write_case`]).
#[async_trait]
pub trait CaseRequests: Send + Sync {
    async fn case_requests(&self, id: CaseId) -> Result<Vec<RequestRow>>;
    async fn overdue_requests(&self, org: OrgId, today: &str, limit: i64) -> Result<Vec<OverdueRequest>>;
    /// How many requests `overdue_requests` would list without a limit.
    async fn count_overdue_requests(&self, org: OrgId, today: &str) -> Result<i64>;
}

/// Conclusions of cases and the document registers they are numbered from.
#[async_trait]
pub trait Conclusions: Send + Sync {
    async fn case_conclusions(&self, id: CaseId) -> Result<Vec<ConclusionRow>>;
    async fn conclusion(&self, id: ConclusionId) -> Result<Option<ConclusionRow>>;
    /// The conclusions on persons whose dossier is kept in `org`'s subtree, by person then in
    /// the order recorded (a person's last one last): the listings read them in one query.
    async fn conclusions_in_scope(&self, org: OrgId) -> Result<Vec<ConclusionRow>>;
    /// The last number taken from the register of `org` for `kind` in `year` (0 if none).
    async fn last_doc_number(&self, org: OrgId, kind: DocKind, year: i32) -> Result<i64>;
}

/// Notices of cases to a role at an organisation or to one person.
#[async_trait]
pub trait CaseNotices: Send + Sync {
    async fn notices(&self, inbox: &Inbox, limit: i64) -> Result<Vec<Notice>>;
    async fn mark_notices_read(&self, inbox: &Inbox, ids: &[NoticeId]) -> Result<()>;
}
