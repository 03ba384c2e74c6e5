//! Take-outs on both backends. The item's one open take-out is checked inside the write that
//! opens another, and every step moves the record on from the version its form was read at.

use super::secrets::invalid;
use super::workflow::{TAKEOUTS, stage, step_event};
use super::{SqlStore, corrupt};
use crate::secret_takeouts::*;
use crate::workflow::StageEvent;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{OrgId, SecretItemId, TakeoutId, TripId};
use bvctnb_core::secret::{SecretLevel, TakeoutStage};
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

const SELECT: &str = "SELECT t.id, t.item_id, t.org_id, t.purpose, t.destination, t.abroad, t.trip_id, t.due_back,
        t.requested_by, t.requested_on, t.stage, t.approver_name, t.approver_title, t.decided_by, t.decided_on,
        t.decision_note, t.taken_by, t.taken_on, t.returned_on, t.returned_by, t.return_note, t.version,
        i.number_symbol, i.level
     FROM secret_takeouts t JOIN secret_items i ON i.id = t.item_id";

fn takeout_from_row(r: &AnyRow) -> Result<TakeoutRow> {
    let level: String = r.try_get("level")?;
    Ok(TakeoutRow {
        id: TakeoutId(r.try_get("id")?),
        item_id: SecretItemId(r.try_get("item_id")?),
        org_id: OrgId(r.try_get("org_id")?),
        purpose: r.try_get("purpose")?,
        destination: r.try_get("destination")?,
        abroad: r.try_get::<i64, _>("abroad")? != 0,
        trip_id: r.try_get::<Option<i64>, _>("trip_id")?.map(TripId),
        due_back: r.try_get("due_back")?,
        requested_by: r.try_get("requested_by")?,
        requested_on: r.try_get("requested_on")?,
        stage: stage(&r.try_get::<String, _>("stage")?)?,
        approver_name: r.try_get("approver_name")?,
        approver_title: r.try_get("approver_title")?,
        decided_by: r.try_get("decided_by")?,
        decided_on: r.try_get("decided_on")?,
        decision_note: r.try_get("decision_note")?,
        taken_by: r.try_get("taken_by")?,
        taken_on: r.try_get("taken_on")?,
        returned_on: r.try_get("returned_on")?,
        returned_by: r.try_get("returned_by")?,
        return_note: r.try_get("return_note")?,
        version: r.try_get("version")?,
        number_symbol: r.try_get("number_symbol")?,
        level: SecretLevel::from_code(&level).ok_or_else(|| corrupt("độ mật", &level))?,
    })
}

/// The stages in which an item is promised or gone: a second take-out waits for it.
const OPEN: [TakeoutStage; 3] = [TakeoutStage::Requested, TakeoutStage::Approved, TakeoutStage::Out];

#[async_trait]
impl SecretTakeouts for SqlStore {
    async fn request_takeout(&self, t: &NewTakeout) -> Result<TakeoutId> {
        if t.abroad && t.trip.is_none() {
            return Err(invalid("trip", "mang ra nước ngoài phải gắn với chuyến đi đã được duyệt".into()));
        }
        let mut tx = self.begin_write().await?;
        let item: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT org_id, destroyed_on FROM secret_items WHERE id = $1")
                .bind(t.item.0)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((org, destroyed)) = item else {
            return Err(StoreError::NotFound { what: "tài liệu mật", id: t.item.0 });
        };
        if destroyed.is_some() {
            return Err(StoreError::Conflict("tài liệu đã tiêu huỷ".into()));
        }
        let open: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM secret_takeouts WHERE item_id = $1 AND stage IN ($2, $3, $4) LIMIT 1")
                .bind(t.item.0)
                .bind(OPEN[0].code())
                .bind(OPEN[1].code())
                .bind(OPEN[2].code())
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((other,)) = open {
            return Err(StoreError::Conflict(format!("tài liệu đang có việc mang ra ngoài mã {other} chưa xong")));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO secret_takeouts (item_id, org_id, purpose, destination, abroad, trip_id, due_back, requested_by,
                requested_on, stage) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
        )
        .bind(t.item.0)
        .bind(org)
        .bind(t.purpose.trim())
        .bind(t.destination.trim())
        .bind(t.abroad as i64)
        .bind(t.trip.map(|x| x.0))
        .bind(t.due_back.to_string())
        .bind(&t.by)
        .bind(t.on.to_string())
        .bind(TakeoutStage::Requested.code())
        .fetch_one(&mut *tx)
        .await?;
        let detail =
            format!("{}: {}, hạn trả {}", t.destination.trim(), t.purpose.trim(), t.due_back.format("%d/%m/%Y"));
        let e = step_event(t.on, &t.by, "request", None, TakeoutStage::Requested, detail);
        TAKEOUTS.add_event(&mut tx, id, &e, &super::now()).await?;
        crate::audit::ambient::created(id);
        tx.commit().await?;
        Ok(TakeoutId(id))
    }

    async fn takeout_step(
        &self,
        id: TakeoutId,
        version: i64,
        step: &TakeoutStep,
        by: &str,
        on: NaiveDate,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let q = format!("{SELECT} WHERE t.id = $1");
        let cur = sqlx::query(AssertSqlSafe(q)).bind(id.0).fetch_optional(&mut *tx).await?;
        let cur = cur.as_ref().map(takeout_from_row).transpose()?;
        let cur = cur.ok_or(StoreError::NotFound { what: "việc mang tài liệu mật ra ngoài", id: id.0 })?;
        let Some(to) = step.to_stage(cur.stage) else {
            return Err(StoreError::Conflict(format!("không làm được bước này khi «{}»", cur.stage.label())));
        };
        TAKEOUTS.record.bump(&mut tx, id.0, version).await?;
        let (name, detail) = match step {
            TakeoutStep::Decide { approve, approver_name, approver_title, note } => {
                sqlx::query(
                    "UPDATE secret_takeouts SET approver_name = $2, approver_title = $3, decided_by = $4, decided_on = $5,
                        decision_note = $6 WHERE id = $1",
                )
                .bind(id.0)
                .bind(approver_name.trim())
                .bind(approver_title.trim())
                .bind(by)
                .bind(on.to_string())
                .bind(note.trim())
                .execute(&mut *tx)
                .await?;
                let said = if *approve { "cho phép" } else { "không cho phép" };
                (
                    if *approve { "approve" } else { "refuse" },
                    format!("{approver_name}, {approver_title}: {said} {note}"),
                )
            }
            TakeoutStep::TakeOut => {
                sqlx::query("UPDATE secret_takeouts SET taken_by = $2, taken_on = $3 WHERE id = $1")
                    .bind(id.0)
                    .bind(by)
                    .bind(on.to_string())
                    .execute(&mut *tx)
                    .await?;
                ("take", format!("mang ra ngoài, hạn trả {}", super::secrets::dmy(&cur.due_back)))
            }
            TakeoutStep::Return { note } => {
                sqlx::query(
                    "UPDATE secret_takeouts SET returned_by = $2, returned_on = $3, return_note = $4 WHERE id = $1",
                )
                .bind(id.0)
                .bind(by)
                .bind(on.to_string())
                .bind(note.trim())
                .execute(&mut *tx)
                .await?;
                ("return", format!("đã trả lại nơi lưu giữ {}", note.trim()))
            }
        };
        sqlx::query("UPDATE secret_takeouts SET stage = $2 WHERE id = $1")
            .bind(id.0)
            .bind(to.code())
            .execute(&mut *tx)
            .await?;
        let e = step_event(on, by, name, Some(cur.stage), to, detail.trim().to_string());
        TAKEOUTS.add_event(&mut tx, id.0, &e, &super::now()).await?;
        tx.commit().await
    }

    async fn takeout(&self, id: TakeoutId) -> Result<Option<TakeoutRow>> {
        let q = format!("{SELECT} WHERE t.id = $1");
        let row = sqlx::query(AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(takeout_from_row).transpose()
    }

    async fn takeouts_of_item(&self, item: SecretItemId) -> Result<Vec<TakeoutRow>> {
        let q = format!("{SELECT} WHERE t.item_id = $1 ORDER BY t.id");
        let rows = sqlx::query(AssertSqlSafe(q)).bind(item.0).fetch_all(&self.pool).await?;
        rows.iter().map(takeout_from_row).collect()
    }

    async fn overdue_takeouts(&self, org: OrgId, today: NaiveDate, limit: i64) -> Result<Vec<TakeoutRow>> {
        let like = self.scope_like(org).await?;
        let q = format!(
            "{SELECT} WHERE t.stage = $1 AND t.due_back < $2 AND t.org_id IN (SELECT id FROM orgs WHERE path LIKE $3)
             ORDER BY t.due_back, t.id LIMIT $4"
        );
        let rows = sqlx::query(AssertSqlSafe(q))
            .bind(TakeoutStage::Out.code())
            .bind(today.to_string())
            .bind(like)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(takeout_from_row).collect()
    }

    async fn takeout_events(&self, id: TakeoutId) -> Result<Vec<StageEvent<TakeoutStage>>> {
        TAKEOUTS.events(&self.pool, id.0).await
    }
}
