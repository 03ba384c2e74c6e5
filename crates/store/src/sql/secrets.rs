//! The secret registers on both backends. A line's serial comes from its book's `last_serial`,
//! moved on by an UPDATE inside the same transaction: PostgreSQL's row lock (SQLite's single
//! writer) orders concurrent writers, and a rolled-back write gives its number back, so the
//! numbers of a book run 1, 2, 3 … without a gap.

use super::{SqlStore, conflict_or, corrupt};
use crate::secrets::*;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::FieldErrors;
use bvctnb_core::error::FieldError;
use bvctnb_core::ids::{OrgId, SecretBookId, SecretEntryId, SecretItemId};
use bvctnb_core::secret::{CopyForm, ItemOrigin, RegisterKind, SecretLevel, SummaryRule};
use chrono::{Datelike, NaiveDate};
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

pub(super) const ITEM_COLS: &str = "i.id AS i_id, i.org_id AS i_org_id, i.origin AS i_origin, i.number_symbol AS i_number_symbol, \
     i.doc_date AS i_doc_date, i.issuer AS i_issuer, i.doc_type AS i_doc_type, i.summary AS i_summary, \
     i.summary_consent AS i_summary_consent, i.level AS i_level, i.classifier AS i_classifier, i.signer AS i_signer, \
     i.period_years AS i_period_years, i.period_end AS i_period_end, i.period_reason AS i_period_reason, \
     i.copies_issued AS i_copies_issued, i.created_by AS i_created_by, i.created_at AS i_created_at, \
     i.version AS i_version, i.copies_made AS i_copies_made, i.destroyed_on AS i_destroyed_on, \
     i.declassified_on AS i_declassified_on, i.declassified_basis AS i_declassified_basis, \
     i.notify_due AS i_notify_due, i.notified_on AS i_notified_on, i.named_to AS i_named_to";

const BOOK_SELECT: &str = "SELECT b.*, b.first_on AS first_date, b.last_on AS last_date FROM secret_books b";

pub(super) fn item_from_row(r: &AnyRow) -> Result<SecretItemRow> {
    let origin: String = r.try_get("i_origin")?;
    let level: String = r.try_get("i_level")?;
    Ok(SecretItemRow {
        id: SecretItemId(r.try_get("i_id")?),
        org_id: OrgId(r.try_get("i_org_id")?),
        origin: ItemOrigin::from_code(&origin).ok_or_else(|| corrupt("nguồn tài liệu mật", &origin))?,
        number_symbol: r.try_get("i_number_symbol")?,
        doc_date: r.try_get("i_doc_date")?,
        issuer: r.try_get("i_issuer")?,
        doc_type: r.try_get("i_doc_type")?,
        summary: r.try_get("i_summary")?,
        summary_consent: r.try_get::<i64, _>("i_summary_consent")? != 0,
        level: SecretLevel::from_code(&level).ok_or_else(|| corrupt("độ mật", &level))?,
        classifier: r.try_get("i_classifier")?,
        signer: r.try_get("i_signer")?,
        period_years: r.try_get("i_period_years")?,
        period_end: r.try_get("i_period_end")?,
        period_reason: r.try_get("i_period_reason")?,
        copies_issued: r.try_get("i_copies_issued")?,
        created_by: r.try_get("i_created_by")?,
        created_at: r.try_get("i_created_at")?,
        version: r.try_get("i_version")?,
        copies_made: r.try_get("i_copies_made")?,
        destroyed_on: r.try_get("i_destroyed_on")?,
        declassified_on: r.try_get("i_declassified_on")?,
        declassified_basis: r.try_get("i_declassified_basis")?,
        notify_due: r.try_get("i_notify_due")?,
        notified_on: r.try_get("i_notified_on")?,
        named_to: r.try_get("i_named_to")?,
    })
}

fn book_from_row(r: &AnyRow) -> Result<BookRow> {
    let kind: String = r.try_get("kind")?;
    Ok(BookRow {
        id: SecretBookId(r.try_get("id")?),
        org_id: OrgId(r.try_get("org_id")?),
        kind: RegisterKind::from_code(&kind).ok_or_else(|| corrupt("loại sổ", &kind))?,
        year: r.try_get::<i64, _>("year")? as i32,
        book_number: r.try_get("book_number")?,
        last_serial: r.try_get("last_serial")?,
        opened_at: r.try_get("opened_at")?,
        closed_on: r.try_get("closed_on")?,
        closed_by: r.try_get("closed_by")?,
        first_date: r.try_get("first_date")?,
        last_date: r.try_get("last_date")?,
    })
}

pub(super) fn entry_from_row(r: &AnyRow) -> Result<EntryRow> {
    let item = match r.try_get::<Option<i64>, _>("i_id")? {
        Some(_) => Some(item_from_row(r)?),
        None => None,
    };
    Ok(EntryRow {
        id: SecretEntryId(r.try_get("id")?),
        book_id: SecretBookId(r.try_get("book_id")?),
        serial: r.try_get("serial")?,
        entered_on: r.try_get("entered_on")?,
        arrival_number: r.try_get("arrival_number")?,
        counterpart: r.try_get("counterpart")?,
        receipt: r.try_get("receipt")?,
        unit: r.try_get("unit")?,
        copies: r.try_get("copies")?,
        note: r.try_get("note")?,
        cancelled_reason: r.try_get("cancelled_reason")?,
        cancelled_by: r.try_get("cancelled_by")?,
        cancelled_on: r.try_get("cancelled_on")?,
        created_by: r.try_get("created_by")?,
        copy_form: match r.try_get::<Option<String>, _>("copy_form")? {
            Some(c) => Some(CopyForm::from_code(&c).ok_or_else(|| corrupt("hình thức sao, chụp", &c))?),
            None => None,
        },
        copy_numbers: r.try_get("copy_numbers")?,
        approved_by: r.try_get("approved_by")?,
        item,
    })
}

pub(super) fn invalid(field: &str, message: String) -> StoreError {
    StoreError::Invalid(FieldErrors(vec![FieldError::new(field, message)]))
}

pub(super) fn dmy(d: &str) -> String {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").map_or(d.to_string(), |d| d.format("%d/%m/%Y").to_string())
}

/// Refuses a Tuyệt mật summary the rule in force on the item's date does not allow.
async fn check_summary(tx: &mut sqlx::AnyConnection, item: &NewSecretItem) -> Result<()> {
    if item.level != SecretLevel::TuyetMat || item.summary.as_deref().is_none_or(|s| s.trim().is_empty()) {
        return Ok(());
    }
    let on = item.doc_date.to_string();
    let rule: Option<(String, String)> = sqlx::query_as(
        "SELECT effective_from, tuyet_mat FROM secret_summary_rules
         ORDER BY CASE WHEN effective_from <= $1 THEN 0 ELSE 1 END, 
                  CASE WHEN effective_from <= $1 THEN effective_from END DESC, effective_from LIMIT 1",
    )
    .bind(&on)
    .fetch_optional(&mut *tx)
    .await?;
    // No rule row at all: the stricter reading.
    let (from, code) = rule.unwrap_or_else(|| (String::new(), SummaryRule::Never.code().to_string()));
    match code.as_str() {
        "with_consent" if item.summary_consent => Ok(()),
        "with_consent" => Err(invalid(
            "summary_consent",
            "trích yếu tài liệu Tuyệt mật chỉ được ghi khi người xác định độ mật đồng ý".into(),
        )),
        "never" => Err(invalid(
            "summary",
            format!("không ghi trích yếu tài liệu Tuyệt mật (quy định có hiệu lực từ {})", dmy(&from)),
        )),
        other => Err(corrupt("quy định ghi trích yếu", other)),
    }
}

impl SqlStore {
    /// The current book of `kind` for the organisation and year, opened if there is none yet.
    async fn current_book(tx: &mut sqlx::AnyConnection, org: OrgId, kind: RegisterKind, year: i32) -> Result<i64> {
        let find = "SELECT id FROM secret_books WHERE org_id = $1 AND kind = $2 AND year = $3
                    ORDER BY book_number DESC LIMIT 1";
        let found: Option<(i64,)> =
            sqlx::query_as(find).bind(org.0).bind(kind.code()).bind(year as i64).fetch_optional(&mut *tx).await?;
        if let Some((id,)) = found {
            return Ok(id);
        }
        sqlx::query(
            "INSERT INTO secret_books (org_id, kind, year, book_number, opened_at) VALUES ($1, $2, $3, 1, $4)
             ON CONFLICT (org_id, kind, year, book_number) DO NOTHING",
        )
        .bind(org.0)
        .bind(kind.code())
        .bind(year as i64)
        .bind(super::now())
        .execute(&mut *tx)
        .await?;
        let (id,): (i64,) =
            sqlx::query_as(find).bind(org.0).bind(kind.code()).bind(year as i64).fetch_one(&mut *tx).await?;
        Ok(id)
    }

    /// The book's next serial, or the refusal of a closed book.
    async fn next_serial(tx: &mut sqlx::AnyConnection, book: i64) -> Result<i64> {
        let next: Option<(i64,)> = sqlx::query_as(
            "UPDATE secret_books SET last_serial = last_serial + 1 WHERE id = $1 AND closed_on IS NULL RETURNING last_serial",
        )
        .bind(book)
        .fetch_optional(&mut *tx)
        .await?;
        match next {
            Some((n,)) => Ok(n),
            None => Err(closed(tx, book).await),
        }
    }
}

/// A line to add to the current book of `kind`, for the year it is entered.
pub(super) struct Line<'a> {
    pub org: OrgId,
    pub kind: RegisterKind,
    pub item: i64,
    pub entered_on: NaiveDate,
    pub copy: Option<CopyLine<'a>>,
}

/// The columns of a copy register line.
pub(super) struct CopyLine<'a> {
    pub copy_id: i64,
    pub form: CopyForm,
    pub numbers: String,
    pub approved_by: &'a str,
}

impl SqlStore {
    /// Adds `line` with the next serial of its book; returns the book, the serial and the line.
    pub(super) async fn add_line(
        tx: &mut sqlx::AnyConnection,
        line: &Line<'_>,
        e: &NewEntry,
    ) -> Result<(i64, i64, i64)> {
        let book = Self::current_book(tx, line.org, line.kind, line.entered_on.year()).await?;
        let serial = Self::next_serial(tx, book).await?;
        let copy = line.copy.as_ref();
        let (entry_id,): (i64,) = sqlx::query_as(
            "INSERT INTO secret_entries (book_id, serial, item_id, entered_on, arrival_number, counterpart, receipt, unit,
                copies, note, created_by, created_at, copy_id, copy_form, copy_numbers, approved_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
        )
        .bind(book)
        .bind(serial)
        .bind(line.item)
        .bind(line.entered_on.to_string())
        .bind(&e.arrival_number)
        .bind(&e.counterpart)
        .bind(&e.receipt)
        .bind(&e.unit)
        .bind(e.copies.map(i64::from))
        .bind(&e.note)
        .bind(&e.created_by)
        .bind(super::now())
        .bind(copy.map(|c| c.copy_id))
        .bind(copy.map(|c| c.form.code()))
        .bind(copy.map(|c| c.numbers.as_str()).unwrap_or(""))
        .bind(copy.map(|c| c.approved_by).unwrap_or(""))
        .fetch_one(&mut *tx)
        .await?;
        let day = line.entered_on.to_string();
        sqlx::query(
            "UPDATE secret_books SET first_on = CASE WHEN first_on IS NULL OR first_on > $2 THEN $2 ELSE first_on END,
                last_on = CASE WHEN last_on IS NULL OR last_on < $2 THEN $2 ELSE last_on END WHERE id = $1",
        )
        .bind(book)
        .bind(&day)
        .execute(&mut *tx)
        .await?;
        let (level,): (String,) =
            sqlx::query_as("SELECT level FROM secret_items WHERE id = $1").bind(line.item).fetch_one(&mut *tx).await?;
        let copies = i64::from(e.copies.unwrap_or(0));
        count_line(tx, line.org.0, &day, line.kind.code(), &level, 1, copies).await?;
        Ok((book, serial, entry_id))
    }
}

impl SqlStore {
    /// Registers `item` with its first line inside the caller's write; `source` names the
    /// board's own paper it is, if it is one.
    pub(super) async fn register_in(
        tx: &mut sqlx::AnyConnection,
        item: &NewSecretItem,
        entry: &NewEntry,
        source: Option<PaperSource>,
    ) -> Result<Registered> {
        let entered_on = entry.entered_on.unwrap_or(item.doc_date);
        check_summary(&mut *tx, item).await?;
        let summary = item.summary.as_deref().map(str::trim).filter(|s| !s.is_empty());
        let (item_id,): (i64,) = sqlx::query_as(
            "INSERT INTO secret_items (org_id, origin, number_symbol, doc_date, issuer, doc_type, summary, summary_consent,
                level, classifier, signer, period_years, period_end, period_reason, copies_issued, created_by, created_at, named_to,
                source)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id",
        )
        .bind(item.org_id.0)
        .bind(item.origin.code())
        .bind(&item.number_symbol)
        .bind(item.doc_date.to_string())
        .bind(&item.issuer)
        .bind(&item.doc_type)
        .bind(summary)
        .bind(item.summary_consent as i64)
        .bind(item.level.code())
        .bind(&item.classifier)
        .bind(&item.signer)
        .bind(item.period_years as i64)
        .bind(item.period_end.to_string())
        .bind(item.period_reason.as_deref())
        .bind(item.copies_issued as i64)
        .bind(&item.created_by)
        .bind(super::now())
        .bind(item.named_to.as_deref())
        .bind(source.map(PaperSource::key))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict_or(e, || "văn bản này đã được vào sổ".into()))?;
        let line = Line { org: item.org_id, kind: item.origin.book(), item: item_id, entered_on, copy: None };
        let (book, serial, entry_id) = Self::add_line(tx, &line, entry).await?;
        Ok(Registered { item: SecretItemId(item_id), book: SecretBookId(book), entry: SecretEntryId(entry_id), serial })
    }
}

/// Moves the day's count of lines (and copies) of a book kind and level by the deltas.
async fn count_line(
    tx: &mut sqlx::AnyConnection,
    org: i64,
    day: &str,
    kind: &str,
    level: &str,
    lines: i64,
    copies: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO secret_line_counts (org_id, day, kind, level, lines, copies) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (org_id, day, kind, level)
         DO UPDATE SET lines = secret_line_counts.lines + EXCLUDED.lines, copies = secret_line_counts.copies + EXCLUDED.copies",
    )
    .bind(org)
    .bind(day)
    .bind(kind)
    .bind(level)
    .bind(lines)
    .bind(copies)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub(super) async fn closed(tx: &mut sqlx::AnyConnection, book: i64) -> StoreError {
    let row: std::result::Result<Option<(i64, Option<String>)>, _> =
        sqlx::query_as("SELECT year, closed_on FROM secret_books WHERE id = $1").bind(book).fetch_optional(tx).await;
    match row {
        Ok(Some((year, Some(on)))) => {
            StoreError::Conflict(format!("sổ năm {year} đã khoá ngày {}, không ghi thêm được", dmy(&on)))
        }
        Ok(_) => StoreError::NotFound { what: "sổ đăng ký", id: book },
        Err(e) => StoreError::Db(e),
    }
}

#[async_trait]
impl SecretRegisters for SqlStore {
    async fn put_summary_rules(&self, rows: &[(NaiveDate, SummaryRule)]) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("DELETE FROM secret_summary_rules").execute(&mut *tx).await?;
        for (from, rule) in rows {
            // Upserted: two servers starting at once both write the same rows.
            sqlx::query(
                "INSERT INTO secret_summary_rules (effective_from, tuyet_mat) VALUES ($1, $2)
                 ON CONFLICT (effective_from) DO UPDATE SET tuyet_mat = EXCLUDED.tuyet_mat",
            )
            .bind(from.to_string())
            .bind(rule.code())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await
    }

    async fn register_item(&self, item: &NewSecretItem, entry: &NewEntry) -> Result<Registered> {
        let mut tx = self.begin_write().await?;
        let out = Self::register_in(&mut tx, item, entry, None).await?;
        crate::audit::ambient::created(out.item.0);
        tx.commit().await?;
        Ok(out)
    }

    async fn paper_registered(&self, source: PaperSource) -> Result<Option<PaperRegistered>> {
        let row: Option<(i64, String, String, i64, i64, i64, String)> = sqlx::query_as(
            "SELECT i.id, i.level, b.kind, b.year, b.book_number, e.serial, e.entered_on
             FROM secret_items i JOIN secret_entries e ON e.item_id = i.id AND e.copy_id IS NULL
             JOIN secret_books b ON b.id = e.book_id
             WHERE i.source = $1 ORDER BY e.id LIMIT 1",
        )
        .bind(source.key())
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(item, level, kind, year, book_number, serial, entered_on)| {
            Ok(PaperRegistered {
                item: SecretItemId(item),
                level: SecretLevel::from_code(&level).ok_or_else(|| corrupt("độ mật", &level))?,
                kind: RegisterKind::from_code(&kind).ok_or_else(|| corrupt("loại sổ", &kind))?,
                year: year as i32,
                book_number,
                serial,
                entered_on,
            })
        })
        .transpose()
    }

    async fn secret_item(&self, id: SecretItemId) -> Result<Option<SecretItemRow>> {
        let q = format!("SELECT {ITEM_COLS} FROM secret_items i WHERE i.id = $1");
        let row = sqlx::query(AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(item_from_row).transpose()
    }

    async fn held_items(&self, org: OrgId, limit: i64) -> Result<Vec<SecretItemRow>> {
        let q = format!(
            "SELECT {ITEM_COLS} FROM secret_items i WHERE i.org_id = $1 AND i.destroyed_on IS NULL
             ORDER BY i.doc_date, i.id LIMIT $2"
        );
        let rows = sqlx::query(AssertSqlSafe(q)).bind(org.0).bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(item_from_row).collect()
    }

    async fn books_of_org(&self, org: OrgId) -> Result<Vec<BookRow>> {
        let q = format!("{BOOK_SELECT} WHERE b.org_id = $1 ORDER BY b.year DESC, b.kind, b.book_number");
        let rows = sqlx::query(AssertSqlSafe(q)).bind(org.0).fetch_all(&self.pool).await?;
        rows.iter().map(book_from_row).collect()
    }

    async fn book(&self, id: SecretBookId) -> Result<Option<BookRow>> {
        let q = format!("{BOOK_SELECT} WHERE b.id = $1");
        let row = sqlx::query(AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(book_from_row).transpose()
    }

    async fn book_entries(&self, book: SecretBookId, from_serial: i64, limit: i64) -> Result<Vec<EntryRow>> {
        let q = format!(
            "SELECT e.*, {ITEM_COLS} FROM secret_entries e LEFT JOIN secret_items i ON i.id = e.item_id
             WHERE e.book_id = $1 AND e.serial >= $2 ORDER BY e.serial LIMIT $3"
        );
        let rows =
            sqlx::query(AssertSqlSafe(q)).bind(book.0).bind(from_serial).bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(entry_from_row).collect()
    }

    async fn cancel_entry(&self, entry: SecretEntryId, reason: &str, by: &str, on: NaiveDate) -> Result<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(invalid("reason", "phải ghi lý do huỷ dòng của sổ".into()));
        }
        let mut tx = self.begin_write().await?;
        let row: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT book_id, cancelled_on FROM secret_entries WHERE id = $1")
                .bind(entry.0)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((book, cancelled)) = row else {
            return Err(StoreError::NotFound { what: "dòng của sổ", id: entry.0 });
        };
        if cancelled.is_some() {
            return Err(StoreError::Conflict("dòng này đã huỷ".into()));
        }
        let open: Option<(i64,)> = sqlx::query_as("SELECT id FROM secret_books WHERE id = $1 AND closed_on IS NULL")
            .bind(book)
            .fetch_optional(&mut *tx)
            .await?;
        if open.is_none() {
            return Err(closed(&mut tx, book).await);
        }
        sqlx::query(
            "UPDATE secret_entries SET cancelled_reason = $2, cancelled_by = $3, cancelled_on = $4 WHERE id = $1",
        )
        .bind(entry.0)
        .bind(reason)
        .bind(by)
        .bind(on.to_string())
        .execute(&mut *tx)
        .await?;
        let (org, kind, day, level, copies): (i64, String, String, String, Option<i64>) = sqlx::query_as(
            "SELECT b.org_id, b.kind, e.entered_on, i.level, e.copies FROM secret_entries e
             JOIN secret_books b ON b.id = e.book_id JOIN secret_items i ON i.id = e.item_id WHERE e.id = $1",
        )
        .bind(entry.0)
        .fetch_one(&mut *tx)
        .await?;
        count_line(&mut tx, org, &day, &kind, &level, -1, -copies.unwrap_or(0)).await?;
        tx.commit().await
    }

    async fn close_book(&self, book: SecretBookId, on: NaiveDate, by: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("UPDATE secret_books SET closed_on = $2, closed_by = $3 WHERE id = $1 AND closed_on IS NULL")
                .bind(book.0)
                .bind(on.to_string())
                .bind(by)
                .execute(&mut *tx)
                .await?
                .rows_affected();
        if done != 1 {
            return Err(closed(&mut tx, book.0).await);
        }
        tx.commit().await
    }
}
