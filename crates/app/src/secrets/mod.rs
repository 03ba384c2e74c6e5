//! The secret registers (DOMAIN §6): registering a classified item with its first line, reading
//! the books with each line's content withheld from a reader not cleared for its level,
//! cancelling a line and closing a book. Who may do each is cedar's business (web layer); what
//! a reader may see of a line they are allowed to list is decided here, so no page or export
//! can show more than this returns.

mod cells;
mod copies;
mod destruction;
mod incidents;
mod marks;
mod papers;
mod periods;
mod print;
mod stats;
mod takeouts;

pub use cells::cell;
pub use copies::{Approver, CopyInput, CopyRow, DecisionInput, Made, MakeInput};
pub use destruction::{DestructionInput, DestructionRow, HoldRow, StepInput};
pub use incidents::{IncidentInput, IncidentRow};
pub(crate) use papers::Paper;
pub use papers::{PaperOf, PaperRegistered, PaperSource, register_line};
pub use periods::{PeriodInput, declassification};
pub use print::Printout;
pub use stats::{LEVELS, MEASURES, OrgStats, YearlyStats};
pub use takeouts::{TakeoutDecision, TakeoutInput, TakeoutRow};

use crate::cases::Actor;
pub(crate) use crate::travel::required;
use crate::{Error, Result};
use bvctnb_core::access::Clearance;
use bvctnb_core::ids::{OrgId, SecretBookId, SecretEntryId, SecretItemId};
use bvctnb_core::secret::{ItemOrigin, SecretLevel, SummaryRule, WITHHELD};
pub use bvctnb_store::secrets::{BookRow, EntryRow, Registered, SecretItemRow};
use bvctnb_store::secrets::{NewEntry, NewSecretItem};
use chrono::NaiveDate;

/// The lines of one page of a book.
pub const PAGE: i64 = 50;

/// What the registering form holds, as typed (choices not yet made are `None`).
#[derive(Debug, Clone, Default)]
pub struct ItemInput {
    pub origin: Option<ItemOrigin>,
    pub number_symbol: String,
    pub doc_date: Option<NaiveDate>,
    pub issuer: String,
    pub doc_type: String,
    pub summary: String,
    pub summary_consent: bool,
    pub level: Option<SecretLevel>,
    pub classifier: String,
    pub signer: String,
    /// Empty: the level's default period.
    pub period_years: Option<u32>,
    pub period_reason: String,
    pub copies_issued: Option<u32>,
    /// The day it is entered in the book (arrival for an incoming item); empty: today.
    pub entered_on: Option<NaiveDate>,
    pub arrival_number: String,
    pub counterpart: String,
    pub receipt: String,
    pub unit: String,
    pub note: String,
    /// An incoming envelope marked "Chỉ người có tên mới được bóc bì": the person named. It is
    /// registered by what its outside shows and forwarded unopened.
    pub named_to: String,
}

/// What the line of a named-only envelope says, in the note column and on the item.
pub const NAMED_ONLY: &str = "Chỉ người có tên mới được bóc bì";

/// A line as a reader may see it.
#[derive(Debug, Clone)]
pub struct EntryView {
    pub row: EntryRow,
    /// The content is withheld: the reader sees that the line exists, its number, date and level.
    pub withheld: bool,
}

/// A book page as a reader may see it, with the highest level on it (for the banner).
#[derive(Debug, Clone)]
pub struct BookPage {
    pub book: BookRow,
    pub entries: Vec<EntryView>,
    pub highest: Option<SecretLevel>,
    /// The serial the next page starts at, if there is one.
    pub next_from: Option<i64>,
}

impl crate::App {
    /// Registers a classified item of `org` and its line in the outgoing book (issued) or the
    /// incoming book (received) of the year it is entered, in one transaction.
    pub async fn register_secret_item(&self, actor: &Actor, org: OrgId, i: ItemInput) -> Result<Registered> {
        let rules = self.secret_rules();
        let origin = i.origin.ok_or_else(|| Error::invalid("origin", "phải chọn tài liệu đi hay đến"))?;
        let level = i.level.ok_or_else(|| Error::invalid("level", "phải chọn độ mật"))?;
        let number_symbol = required(&i.number_symbol, "number_symbol", "số, ký hiệu của tài liệu")?;
        let doc_date =
            i.doc_date.ok_or_else(|| Error::invalid("doc_date", "phải ghi ngày của tài liệu (dd/mm/yyyy)"))?;
        let today = self.today();
        if doc_date > today {
            return Err(Error::invalid("doc_date", "ngày của tài liệu không được sau hôm nay"));
        }
        let entered_on = i.entered_on.unwrap_or(today);
        if entered_on < doc_date {
            return Err(Error::invalid("entered_on", "ngày vào sổ không được trước ngày của tài liệu"));
        }
        if entered_on > today {
            return Err(Error::invalid("entered_on", "ngày vào sổ không được sau hôm nay"));
        }
        let issuer = required(&i.issuer, "issuer", "cơ quan ban hành")?;
        let named_to = Some(i.named_to.trim().to_string()).filter(|s| !s.is_empty());
        if named_to.is_some() && origin != ItemOrigin::Received {
            return Err(Error::invalid("named_to", "chỉ bì tài liệu đến mới ghi người có tên được bóc"));
        }
        // A named-only envelope is not opened: what is inside is not known to the register.
        let doc_type = match named_to {
            Some(_) => i.doc_type.trim().to_string(),
            None => required(&i.doc_type, "doc_type", "tên loại tài liệu")?,
        };
        let classifier = required(&i.classifier, "classifier", "người xác định độ mật")?;
        let summary = Some(i.summary.trim().to_string()).filter(|s| !s.is_empty());
        if level == SecretLevel::TuyetMat
            && summary.is_some()
            && let rule = rules.summary_rule(doc_date)
            && (rule.tuyet_mat == SummaryRule::Never || !i.summary_consent)
        {
            let why = match rule.tuyet_mat {
                SummaryRule::Never => "không ghi trích yếu của tài liệu Tuyệt mật",
                SummaryRule::WithConsent => "chỉ ghi trích yếu của tài liệu Tuyệt mật khi người xác định độ mật đồng ý",
            };
            return Err(Error::invalid("summary", format!("{why} ({})", rule.basis)));
        }
        if level != SecretLevel::TuyetMat && summary.is_none() && named_to.is_none() {
            return Err(Error::invalid("summary", "phải ghi trích yếu nội dung"));
        }
        let default_years = rules.level(level, doc_date).period_years;
        let period_years = i.period_years.unwrap_or(default_years);
        if period_years == 0 || period_years > default_years {
            return Err(Error::invalid(
                "period_years",
                format!("thời hạn bảo vệ của tài liệu {} từ 1 đến {default_years} năm", level.label()),
            ));
        }
        let period_reason = Some(i.period_reason.trim().to_string()).filter(|s| !s.is_empty());
        if period_years < default_years && period_reason.is_none() {
            return Err(Error::invalid(
                "period_reason",
                format!("thời hạn ngắn hơn {default_years} năm phải ghi lý do"),
            ));
        }
        let copies_issued = i.copies_issued.unwrap_or(1);
        if copies_issued == 0 {
            return Err(Error::invalid("copies_issued", "số bản phát hành ít nhất là 1"));
        }
        let signer = match origin {
            ItemOrigin::Issued => required(&i.signer, "signer", "người ký")?,
            ItemOrigin::Received => i.signer.trim().to_string(),
        };
        let item = NewSecretItem {
            org_id: org,
            origin,
            number_symbol,
            doc_date,
            issuer,
            doc_type,
            summary_consent: i.summary_consent && summary.is_some(),
            summary,
            level,
            classifier,
            signer,
            period_years,
            period_end: bvctnb_core::secret::SecretRules::period_end(doc_date, period_years),
            period_reason,
            copies_issued,
            named_to: named_to.clone(),
            created_by: actor.username.clone(),
        };
        let entry = NewEntry {
            entered_on: Some(entered_on),
            arrival_number: i.arrival_number.trim().to_string(),
            counterpart: i.counterpart.trim().to_string(),
            receipt: i.receipt.trim().to_string(),
            unit: i.unit.trim().to_string(),
            copies: Some(copies_issued),
            note: match &named_to {
                Some(who) => format!("{NAMED_ONLY}: chuyển nguyên bì cho {who}. {}", i.note.trim()).trim().to_string(),
                None => i.note.trim().to_string(),
            },
            created_by: actor.username.clone(),
        };
        Ok(self.store.register_item(&item, &entry).await?)
    }

    /// The books of an organisation, newest year first.
    pub async fn secret_books(&self, org: OrgId) -> Result<Vec<BookRow>> {
        Ok(self.store.books_of_org(org).await?)
    }

    pub async fn secret_book(&self, id: SecretBookId) -> Result<BookRow> {
        self.store.book(id).await?.ok_or(Error::NotFound("sổ đăng ký"))
    }

    /// One page of a book from `from_serial`, each line's content withheld unless `clearance`
    /// reaches its level.
    pub async fn secret_book_page(&self, book: BookRow, from_serial: i64, clearance: Clearance) -> Result<BookPage> {
        let mut rows = self.store.book_entries(book.id, from_serial.max(1), PAGE + 1).await?;
        let next_from = (rows.len() as i64 > PAGE).then(|| rows.pop().map(|r| r.serial)).flatten();
        let highest = rows.iter().filter_map(|r| r.item.as_ref().map(|i| i.level)).max();
        let entries = rows.into_iter().map(|row| view(row, clearance)).collect();
        Ok(BookPage { book, entries, highest, next_from })
    }

    /// An item with its content; who may read it is checked by the caller against its level.
    pub async fn secret_item(&self, id: SecretItemId) -> Result<SecretItemRow> {
        self.store.secret_item(id).await?.ok_or(Error::NotFound("tài liệu mật"))
    }

    /// Cancels the line numbered `serial` of `book` (looked up in that book, so a line is only
    /// ever cancelled through the book it belongs to); it keeps its number, with the reason.
    pub async fn cancel_secret_line(&self, actor: &Actor, book: SecretBookId, serial: i64, reason: &str) -> Result<()> {
        let reason = required(reason, "reason", "lý do huỷ dòng")?;
        let line = self.store.book_entries(book, serial, 1).await?.into_iter().find(|e| e.serial == serial);
        let entry: SecretEntryId = line.ok_or(Error::NotFound("dòng của sổ"))?.id;
        Ok(self.store.cancel_entry(entry, &reason, &actor.username, self.today()).await?)
    }

    pub async fn close_secret_book(&self, actor: &Actor, book: SecretBookId) -> Result<()> {
        Ok(self.store.close_book(book, self.today(), &actor.username).await?)
    }
}

/// `row` as a reader cleared to `clearance` may see it.
fn view(mut row: EntryRow, clearance: Clearance) -> EntryView {
    let readable = row.item.as_ref().is_none_or(|i| i.level.readable_with(clearance));
    if !readable {
        let w = || WITHHELD.to_string();
        if let Some(i) = row.item.as_mut() {
            i.number_symbol = w();
            i.issuer = w();
            i.doc_type = w();
            i.summary = None;
            i.classifier = w();
            i.signer = w();
            i.period_reason = None;
            i.named_to = i.named_to.as_ref().map(|_| WITHHELD.to_string());
        }
        row.arrival_number = w();
        row.counterpart = w();
        row.receipt = w();
        row.unit = w();
        row.note = w();
        row.approved_by = w();
        row.cancelled_reason = row.cancelled_reason.map(|_| w());
    }
    EntryView { row, withheld: !readable }
}
