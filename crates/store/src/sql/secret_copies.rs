//! Copy requests and the copies made on them, on both backends. The limit is held by the
//! UPDATE that counts the copies made: it only moves when the new total stays within the
//! approved number, so two officers making copies at once cannot pass it together.

use super::secrets::{CopyLine, ITEM_COLS, Line, entry_from_row, invalid};
use super::workflow::{SECRET_COPIES, stage, step_event as event};
use super::{SqlStore, corrupt};
use crate::secret_copies::*;
use crate::secrets::{NewEntry, Registered};
use crate::workflow::StageEvent;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{CopyRequestId, OrgId, SecretBookId, SecretEntryId, SecretItemId};
use bvctnb_core::secret::{CopyForm, CopyStatus, RegisterKind};
use sqlx::Row;
use sqlx::any::AnyRow;

const COLS: &str = "id, item_id, org_id, form, requested_count, purpose, counterpart, requested_by, requested_on, stage, \
     approver_name, approver_title, approved_count, decided_by, decided_on, decision_note, made_count, version";

fn copy_from_row(r: &AnyRow) -> Result<CopyRow> {
    let form: String = r.try_get("form")?;
    Ok(CopyRow {
        id: CopyRequestId(r.try_get("id")?),
        item_id: SecretItemId(r.try_get("item_id")?),
        org_id: OrgId(r.try_get("org_id")?),
        form: CopyForm::from_code(&form).ok_or_else(|| corrupt("hình thức sao, chụp", &form))?,
        requested_count: r.try_get("requested_count")?,
        purpose: r.try_get("purpose")?,
        counterpart: r.try_get("counterpart")?,
        requested_by: r.try_get("requested_by")?,
        requested_on: r.try_get("requested_on")?,
        stage: stage(&r.try_get::<String, _>("stage")?)?,
        approver_name: r.try_get("approver_name")?,
        approver_title: r.try_get("approver_title")?,
        approved_count: r.try_get("approved_count")?,
        decided_by: r.try_get("decided_by")?,
        decided_on: r.try_get("decided_on")?,
        decision_note: r.try_get("decision_note")?,
        made_count: r.try_get("made_count")?,
        version: r.try_get("version")?,
    })
}

async fn load(tx: &mut sqlx::AnyConnection, id: CopyRequestId) -> Result<CopyRow> {
    let q = format!("SELECT {COLS} FROM secret_copies WHERE id = $1");
    let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_optional(&mut *tx).await?;
    row.as_ref()
        .map(copy_from_row)
        .transpose()?
        .ok_or(StoreError::NotFound { what: "đề nghị sao, chụp", id: id.0 })
}

/// "1", or "3–4": the numbers a batch of copies carries.
fn numbers(first: i64, last: i64) -> String {
    if first == last { first.to_string() } else { format!("{first}–{last}") }
}

#[async_trait]
impl SecretCopies for SqlStore {
    async fn request_copy(&self, r: &NewCopyRequest) -> Result<CopyRequestId> {
        if r.count == 0 {
            return Err(invalid("count", "số bản đề nghị sao ít nhất là 1".into()));
        }
        let mut tx = self.begin_write().await?;
        let item: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT org_id, destroyed_on FROM secret_items WHERE id = $1")
                .bind(r.item.0)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((org, destroyed)) = item else {
            return Err(StoreError::NotFound { what: "tài liệu mật", id: r.item.0 });
        };
        if destroyed.is_some() {
            return Err(StoreError::Conflict("tài liệu đã tiêu huỷ, không sao, chụp được".into()));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO secret_copies (item_id, org_id, form, requested_count, purpose, counterpart, requested_by,
                requested_on, stage) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
        )
        .bind(r.item.0)
        .bind(org)
        .bind(r.form.code())
        .bind(r.count as i64)
        .bind(&r.purpose)
        .bind(&r.counterpart)
        .bind(&r.by)
        .bind(r.on.to_string())
        .bind(CopyStatus::Requested.code())
        .fetch_one(&mut *tx)
        .await?;
        let detail = format!("{} {} bản: {}", r.form.label(), r.count, r.purpose);
        let e = event(r.on, &r.by, "request", None, CopyStatus::Requested, detail);
        SECRET_COPIES.add_event(&mut tx, id, &e, &super::now()).await?;
        crate::audit::ambient::created(id);
        tx.commit().await?;
        Ok(CopyRequestId(id))
    }

    async fn decide_copy(&self, id: CopyRequestId, version: i64, d: &CopyDecision) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let cur = load(&mut tx, id).await?;
        if cur.stage != CopyStatus::Requested {
            return Err(StoreError::Conflict(format!("đề nghị này đã quyết định ({})", cur.stage.label())));
        }
        if d.approve && (d.count == 0 || d.count as i64 > cur.requested_count) {
            return Err(invalid(
                "count",
                format!("số bản cho phép sao từ 1 đến {} (số bản đề nghị)", cur.requested_count),
            ));
        }
        let to = if d.approve { CopyStatus::Approved } else { CopyStatus::Refused };
        SECRET_COPIES.record.bump(&mut tx, id.0, version).await?;
        sqlx::query(
            "UPDATE secret_copies SET stage = $2, approver_name = $3, approver_title = $4, approved_count = $5,
                decided_by = $6, decided_on = $7, decision_note = $8 WHERE id = $1",
        )
        .bind(id.0)
        .bind(to.code())
        .bind(&d.approver_name)
        .bind(&d.approver_title)
        .bind(d.approve.then_some(d.count as i64))
        .bind(&d.by)
        .bind(d.on.to_string())
        .bind(&d.note)
        .execute(&mut *tx)
        .await?;
        let detail = match d.approve {
            true => format!("{}, {}: cho phép {} bản", d.approver_name, d.approver_title, d.count),
            false => format!("{}, {}: không cho phép — {}", d.approver_name, d.approver_title, d.note),
        };
        let e = event(d.on, &d.by, if d.approve { "approve" } else { "refuse" }, Some(cur.stage), to, detail);
        SECRET_COPIES.add_event(&mut tx, id.0, &e, &super::now()).await?;
        tx.commit().await
    }

    async fn make_copies(&self, id: CopyRequestId, version: i64, m: &MadeCopies) -> Result<Made> {
        if m.count == 0 {
            return Err(invalid("count", "số bản sao ít nhất là 1".into()));
        }
        let mut tx = self.begin_write().await?;
        let cur = load(&mut tx, id).await?;
        if cur.stage != CopyStatus::Approved {
            return Err(StoreError::Conflict(format!(
                "chỉ sao, chụp khi đề nghị đã được duyệt ({})",
                cur.stage.label()
            )));
        }
        let approved = cur.approved_count.unwrap_or(0);
        let n = m.count as i64;
        let moved = sqlx::query(
            "UPDATE secret_copies SET made_count = made_count + $2, version = version + 1,
                stage = CASE WHEN made_count + $2 = approved_count THEN $4 ELSE stage END
             WHERE id = $1 AND version = $3 AND made_count + $2 <= approved_count",
        )
        .bind(id.0)
        .bind(n)
        .bind(version)
        .bind(CopyStatus::Made.code())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if moved != 1 {
            // Read again: a writer that came first may have moved it on since `cur` was read.
            let now = load(&mut tx, id).await?;
            if now.version != version {
                return Err(StoreError::VersionConflict { expected: version, current: now.version });
            }
            let cur = now;
            return Err(invalid(
                "count",
                format!(
                    "vượt số bản được duyệt: đã sao {} trên {approved} bản, chỉ còn được sao {} bản",
                    cur.made_count,
                    approved - cur.made_count
                ),
            ));
        }
        let (item_org, last): (i64, i64) = sqlx::query_as(
            "UPDATE secret_items SET copies_made = copies_made + $2 WHERE id = $1 RETURNING org_id, copies_made",
        )
        .bind(cur.item_id.0)
        .bind(n)
        .fetch_one(&mut *tx)
        .await?;
        let first = last - n + 1;
        let approved_by = format!(
            "{}, {}",
            cur.approver_name.as_deref().unwrap_or_default(),
            cur.approver_title.as_deref().unwrap_or_default()
        );
        let copy = CopyLine { copy_id: id.0, form: cur.form, numbers: numbers(first, last), approved_by: &approved_by };
        let line = Line {
            org: OrgId(item_org),
            kind: RegisterKind::Copies,
            item: cur.item_id.0,
            entered_on: m.on,
            copy: Some(copy),
        };
        let entry = NewEntry {
            entered_on: Some(m.on),
            counterpart: if m.counterpart.trim().is_empty() { cur.counterpart.clone() } else { m.counterpart.clone() },
            copies: Some(m.count),
            note: m.note.clone(),
            created_by: m.by.clone(),
            ..Default::default()
        };
        let (book, serial, entry_id) = Self::add_line(&mut tx, &line, &entry).await?;
        let to = if cur.made_count + n == approved { CopyStatus::Made } else { CopyStatus::Approved };
        let detail = format!("bản sao số {} (dòng {serial:02} sổ sao, chụp)", numbers(first, last));
        let e = event(m.on, &m.by, "make", Some(cur.stage), to, detail);
        SECRET_COPIES.add_event(&mut tx, id.0, &e, &super::now()).await?;
        tx.commit().await?;
        let line = Registered { item: cur.item_id, book: SecretBookId(book), entry: SecretEntryId(entry_id), serial };
        Ok(Made { line, first, last })
    }

    async fn copy_request(&self, id: CopyRequestId) -> Result<Option<CopyRow>> {
        let q = format!("SELECT {COLS} FROM secret_copies WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(copy_from_row).transpose()
    }

    async fn copies_of_item(&self, item: SecretItemId) -> Result<Vec<CopyRow>> {
        let q = format!("SELECT {COLS} FROM secret_copies WHERE item_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(item.0).fetch_all(&self.pool).await?;
        rows.iter().map(copy_from_row).collect()
    }

    async fn copy_events(&self, id: CopyRequestId) -> Result<Vec<StageEvent<CopyStatus>>> {
        SECRET_COPIES.events(&self.pool, id.0).await
    }

    async fn copy_lines(&self, id: CopyRequestId) -> Result<Vec<crate::secrets::EntryRow>> {
        let q = format!(
            "SELECT e.*, {ITEM_COLS} FROM secret_entries e LEFT JOIN secret_items i ON i.id = e.item_id \
             WHERE e.copy_id = $1 ORDER BY e.serial"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_all(&self.pool).await?;
        rows.iter().map(entry_from_row).collect()
    }
}
