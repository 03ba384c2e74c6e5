//! State-secret registers (DOMAIN §6): classified items and the books they are entered in.
//! Every line of a book takes the book's next serial inside the write that adds it, so
//! serials are gapless whatever the number of writers; a line is never deleted (a cancelled
//! one keeps its number and says why) and a closed book takes no more lines. The Tuyệt mật
//! summary rule is checked here, against the rule rows of the day the item is dated.

use crate::Result;
use async_trait::async_trait;
use bvctnb_core::ids::{ConclusionId, OrgId, RequestId, SecretBookId, SecretEntryId, SecretItemId};
use bvctnb_core::secret::{CopyForm, ItemOrigin, RegisterKind, SecretLevel, SummaryRule};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone)]
pub struct NewSecretItem {
    pub org_id: OrgId,
    pub origin: ItemOrigin,
    pub number_symbol: String,
    pub doc_date: NaiveDate,
    pub issuer: String,
    pub doc_type: String,
    /// `None` when not written (always for a Tuyệt mật item under NĐ 63/2026).
    pub summary: Option<String>,
    /// The classifier agreed to the summary being written (the NĐ 26/2020 rule).
    pub summary_consent: bool,
    pub level: SecretLevel,
    pub classifier: String,
    pub signer: String,
    pub period_years: u32,
    pub period_end: NaiveDate,
    /// Why the period is shorter than the level's default; required then.
    pub period_reason: Option<String>,
    pub copies_issued: u32,
    /// An envelope only the person named may open: who, when it is forwarded unopened.
    pub named_to: Option<String>,
    pub created_by: String,
}

/// A paper of the board's own work that is a classified item: a request's letter (issued) or
/// its answer (received), a conclusion or its notice (issued). At most one item is each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperSource {
    Letter(RequestId),
    Answer(RequestId),
    Conclusion(ConclusionId),
    Notice(ConclusionId),
}

impl PaperSource {
    /// As kept on the item (`secret_items.source`).
    pub fn key(self) -> String {
        match self {
            PaperSource::Letter(r) => format!("letter:{}", r.0),
            PaperSource::Answer(r) => format!("answer:{}", r.0),
            PaperSource::Conclusion(c) => format!("conclusion:{}", c.0),
            PaperSource::Notice(c) => format!("notice:{}", c.0),
        }
    }
}

/// Which paper of a case write a register line is for. The paper's number is the write's
/// own (a letter numbered from the register, a new conclusion), so the store writes it on the
/// item; for an answer the item carries the answer's number already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaperOf {
    Letter(RequestId),
    Answer(RequestId),
    /// The conclusion the write records.
    Conclusion,
    /// The notice of the conclusion the write records.
    Notice,
}

/// A paper entered in its register by the case write that issues or records it.
#[derive(Debug, Clone)]
pub struct PaperLine {
    pub of: PaperOf,
    pub item: NewSecretItem,
    pub entry: NewEntry,
}

/// Where a paper stands in the registers: what the printed paper shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PaperRegistered {
    pub item: SecretItemId,
    pub level: SecretLevel,
    pub kind: RegisterKind,
    pub year: i32,
    pub book_number: i64,
    pub serial: i64,
    pub entered_on: String,
}

/// The columns of a book line that are not the item's own.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    pub entered_on: Option<NaiveDate>,
    pub arrival_number: String,
    pub counterpart: String,
    pub receipt: String,
    pub unit: String,
    pub copies: Option<u32>,
    pub note: String,
    pub created_by: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SecretItemRow {
    pub id: SecretItemId,
    pub org_id: OrgId,
    pub origin: ItemOrigin,
    pub number_symbol: String,
    pub doc_date: String,
    pub issuer: String,
    pub doc_type: String,
    pub summary: Option<String>,
    pub summary_consent: bool,
    pub level: SecretLevel,
    pub classifier: String,
    pub signer: String,
    pub period_years: i64,
    pub period_end: String,
    pub period_reason: Option<String>,
    pub copies_issued: i64,
    pub created_by: String,
    pub created_at: String,
    pub version: i64,
    /// The number of the last copy made of it ("Bản sao số …" runs on from here).
    pub copies_made: i64,
    /// The day it left the holding by destruction.
    pub destroyed_on: Option<String>,
    /// Declassified early by decision, and the decision (an item whose period ends is
    /// declassified that day without these being written).
    pub declassified_on: Option<String>,
    pub declassified_basis: Option<String>,
    /// After a re-grading: the day by which the bodies concerned must be told, and when they were.
    pub notify_due: Option<String>,
    pub notified_on: Option<String>,
    /// "Chỉ người có tên mới được bóc bì": the person named, the envelope forwarded unopened.
    pub named_to: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BookRow {
    pub id: SecretBookId,
    pub org_id: OrgId,
    pub kind: RegisterKind,
    pub year: i32,
    pub book_number: i64,
    pub last_serial: i64,
    pub opened_at: String,
    pub closed_on: Option<String>,
    pub closed_by: Option<String>,
    /// The first and last dates of its lines, for the cover.
    pub first_date: Option<String>,
    pub last_date: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntryRow {
    pub id: SecretEntryId,
    pub book_id: SecretBookId,
    pub serial: i64,
    pub entered_on: String,
    pub arrival_number: String,
    pub counterpart: String,
    pub receipt: String,
    pub unit: String,
    pub copies: Option<i64>,
    pub note: String,
    pub cancelled_reason: Option<String>,
    pub cancelled_by: Option<String>,
    pub cancelled_on: Option<String>,
    pub created_by: String,
    /// A copy register line: how the copies were made, their numbers and who approved them.
    pub copy_form: Option<CopyForm>,
    pub copy_numbers: String,
    pub approved_by: String,
    /// The item the line registers.
    pub item: Option<SecretItemRow>,
}

/// What registering an item wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Registered {
    pub item: SecretItemId,
    pub book: SecretBookId,
    pub entry: SecretEntryId,
    pub serial: i64,
}

#[async_trait]
pub trait SecretRegisters {
    /// Replaces the Tuyệt mật summary rule rows with those of the rules in force (at start).
    async fn put_summary_rules(&self, rows: &[(NaiveDate, SummaryRule)]) -> Result<()>;
    /// The item and its line in its first book (outgoing for an issued item, incoming for a
    /// received one, of the year of `entry.entered_on`), in one transaction.
    async fn register_item(&self, item: &NewSecretItem, entry: &NewEntry) -> Result<Registered>;
    async fn secret_item(&self, id: SecretItemId) -> Result<Option<SecretItemRow>>;
    /// The register line of one of the board's own papers, if it was entered.
    async fn paper_registered(&self, source: PaperSource) -> Result<Option<PaperRegistered>>;
    /// The items `org` still holds (not destroyed), oldest first, at most `limit`.
    async fn held_items(&self, org: OrgId, limit: i64) -> Result<Vec<SecretItemRow>>;
    /// The books of an organisation, newest year first.
    async fn books_of_org(&self, org: OrgId) -> Result<Vec<BookRow>>;
    async fn book(&self, id: SecretBookId) -> Result<Option<BookRow>>;
    /// The lines of a book in serial order from `from_serial`, at most `limit`.
    async fn book_entries(&self, book: SecretBookId, from_serial: i64, limit: i64) -> Result<Vec<EntryRow>>;
    /// Cancels a line: it keeps its number, with the reason.
    async fn cancel_entry(&self, entry: SecretEntryId, reason: &str, by: &str, on: NaiveDate) -> Result<()>;
    /// Closes the book for the year; no line is added or cancelled after.
    async fn close_book(&self, book: SecretBookId, on: NaiveDate, by: &str) -> Result<()>;
}
