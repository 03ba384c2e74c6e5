//! Holds and destructions on both backends. Whether an item is free to destroy is decided
//! inside the write that destroys it: a hold placed after the list was proposed still stops it.

use super::SqlStore;
use super::secrets::invalid;
use super::workflow::{DESTRUCTIONS, stage, step_event as event};
use crate::secret_destruction::*;
use crate::workflow::StageEvent;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{CaseId, DestructionId, OrgId, SecretHoldId, SecretItemId};
use bvctnb_core::secret::DestructionStage;
use chrono::NaiveDate;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

const COLS: &str = "id, org_id, urgent, stage, council_decision, council_members, reason, proposed_by, proposed_on, \
     minutes_on, minutes, decision_number, decision_on, decision_signer, destroyed_on, method, record, report_on, \
     report, version";

/// An active hold: not released, and its case (if any) still open.
const ACTIVE_HOLDS: &str =
    "SELECT h.id, h.item_id, h.case_id, h.reason, h.placed_by, h.placed_on, h.released_by, h.released_on,
        CASE WHEN h.released_on IS NULL AND (h.case_id IS NULL OR c.closed_on IS NULL) THEN 1 ELSE 0 END AS active
     FROM secret_holds h LEFT JOIN cases c ON c.id = h.case_id";

fn hold_from_row(r: &AnyRow) -> Result<HoldRow> {
    Ok(HoldRow {
        id: SecretHoldId(r.try_get("id")?),
        item_id: SecretItemId(r.try_get("item_id")?),
        case_id: r.try_get::<Option<i64>, _>("case_id")?.map(CaseId),
        reason: r.try_get("reason")?,
        placed_by: r.try_get("placed_by")?,
        placed_on: r.try_get("placed_on")?,
        released_by: r.try_get("released_by")?,
        released_on: r.try_get("released_on")?,
        active: r.try_get::<i64, _>("active")? != 0,
    })
}

fn destruction_from_row(r: &AnyRow, items: Vec<SecretItemId>) -> Result<DestructionRow> {
    Ok(DestructionRow {
        id: DestructionId(r.try_get("id")?),
        org_id: OrgId(r.try_get("org_id")?),
        urgent: r.try_get::<i64, _>("urgent")? != 0,
        stage: stage(&r.try_get::<String, _>("stage")?)?,
        council_decision: r.try_get("council_decision")?,
        council_members: r.try_get("council_members")?,
        reason: r.try_get("reason")?,
        proposed_by: r.try_get("proposed_by")?,
        proposed_on: r.try_get("proposed_on")?,
        minutes_on: r.try_get("minutes_on")?,
        minutes: r.try_get("minutes")?,
        decision_number: r.try_get("decision_number")?,
        decision_on: r.try_get("decision_on")?,
        decision_signer: r.try_get("decision_signer")?,
        destroyed_on: r.try_get("destroyed_on")?,
        method: r.try_get("method")?,
        record: r.try_get("record")?,
        report_on: r.try_get("report_on")?,
        report: r.try_get("report")?,
        version: r.try_get("version")?,
        items,
    })
}

async fn items_of(c: &mut sqlx::AnyConnection, id: i64) -> Result<Vec<SecretItemId>> {
    let rows: Vec<(i64,)> =
        sqlx::query_as("SELECT item_id FROM secret_destruction_items WHERE destruction_id = $1 ORDER BY item_id")
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
    Ok(rows.into_iter().map(|(i,)| SecretItemId(i)).collect())
}

/// Refuses the first item that may not be destroyed now: gone, kept elsewhere, or held.
async fn check_free(tx: &mut sqlx::AnyConnection, org: OrgId, items: &[SecretItemId], this: Option<i64>) -> Result<()> {
    let pending: Vec<&str> = [DestructionStage::Proposed, DestructionStage::Minuted, DestructionStage::Decided]
        .iter()
        .map(|s| s.code())
        .collect();
    for item in items {
        let row: Option<(i64, String, Option<String>)> =
            sqlx::query_as("SELECT org_id, number_symbol, destroyed_on FROM secret_items WHERE id = $1")
                .bind(item.0)
                .fetch_optional(&mut *tx)
                .await?;
        let Some((keeper, number, destroyed)) = row else {
            return Err(StoreError::NotFound { what: "tài liệu mật", id: item.0 });
        };
        if keeper != org.0 {
            return Err(invalid("items", format!("tài liệu số {number} không do đơn vị này lưu giữ")));
        }
        if destroyed.is_some() {
            return Err(invalid("items", format!("tài liệu số {number} đã tiêu huỷ")));
        }
        let q = format!("{ACTIVE_HOLDS} WHERE h.item_id = $1 ORDER BY h.id");
        let holds = sqlx::query(AssertSqlSafe(q)).bind(item.0).fetch_all(&mut *tx).await?;
        if let Some(h) = holds.iter().map(hold_from_row).collect::<Result<Vec<_>>>()?.into_iter().find(|h| h.active) {
            let by_case = h.case_id.map(|c| format!(" (hồ sơ thẩm tra mã {c})")).unwrap_or_default();
            return Err(invalid(
                "items",
                format!("tài liệu số {number} đang được giữ lại{by_case}: {}; không tiêu huỷ được", h.reason),
            ));
        }
        let other: Option<(i64,)> = sqlx::query_as(
            "SELECT d.id FROM secret_destruction_items di JOIN secret_destructions d ON d.id = di.destruction_id
             WHERE di.item_id = $1 AND d.stage IN ($2, $3, $4) AND d.id <> $5 LIMIT 1",
        )
        .bind(item.0)
        .bind(pending[0])
        .bind(pending[1])
        .bind(pending[2])
        .bind(this.unwrap_or(0))
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((d,)) = other {
            return Err(invalid("items", format!("tài liệu số {number} đã có trong danh sách tiêu huỷ mã {d}")));
        }
    }
    Ok(())
}

async fn destroy_items(tx: &mut sqlx::AnyConnection, id: i64, items: &[SecretItemId], on: NaiveDate) -> Result<()> {
    for item in items {
        sqlx::query(
            "UPDATE secret_items SET destroyed_on = $2, destruction_id = $3, version = version + 1 WHERE id = $1",
        )
        .bind(item.0)
        .bind(on.to_string())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn load(c: &mut sqlx::AnyConnection, id: DestructionId) -> Result<DestructionRow> {
    let q = format!("SELECT {COLS} FROM secret_destructions WHERE id = $1");
    let Some(r) = sqlx::query(AssertSqlSafe(q)).bind(id.0).fetch_optional(&mut *c).await? else {
        return Err(StoreError::NotFound { what: "hồ sơ tiêu huỷ", id: id.0 });
    };
    let items = items_of(c, id.0).await?;
    destruction_from_row(&r, items)
}

#[async_trait]
impl SecretDestruction for SqlStore {
    async fn place_hold(&self, h: &NewHold) -> Result<SecretHoldId> {
        if h.reason.trim().is_empty() {
            return Err(invalid("reason", "phải ghi lý do giữ lại tài liệu".into()));
        }
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO secret_holds (item_id, case_id, reason, placed_by, placed_on) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(h.item.0)
        .bind(h.case.map(|c| c.0))
        .bind(h.reason.trim())
        .bind(&h.by)
        .bind(h.on.to_string())
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::ambient::created(id);
        tx.commit().await?;
        Ok(SecretHoldId(id))
    }

    async fn release_hold(&self, id: SecretHoldId, by: &str, on: NaiveDate) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE secret_holds SET released_by = $2, released_on = $3 WHERE id = $1 AND released_on IS NULL",
        )
        .bind(id.0)
        .bind(by)
        .bind(on.to_string())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            return Err(StoreError::Conflict("việc giữ lại này đã chấm dứt hoặc không có".into()));
        }
        tx.commit().await
    }

    async fn holds_of_item(&self, item: SecretItemId) -> Result<Vec<HoldRow>> {
        let q = format!("{ACTIVE_HOLDS} WHERE h.item_id = $1 ORDER BY h.id");
        let rows = sqlx::query(AssertSqlSafe(q)).bind(item.0).fetch_all(&self.pool).await?;
        rows.iter().map(hold_from_row).collect()
    }

    async fn propose_destruction(&self, d: &NewDestruction) -> Result<DestructionId> {
        if d.items.is_empty() {
            return Err(invalid("items", "chọn ít nhất một tài liệu để tiêu huỷ".into()));
        }
        if d.reason.trim().is_empty() {
            return Err(invalid("reason", "phải ghi lý do tiêu huỷ".into()));
        }
        let destroyed = match (d.urgent, &d.destroyed) {
            (true, Some(x)) => Some(x),
            (true, None) => return Err(invalid("method", "tiêu huỷ khẩn cấp phải ghi ngày và cách tiêu huỷ".into())),
            (false, _) => None,
        };
        let mut tx = self.begin_write().await?;
        check_free(&mut tx, d.org, &d.items, None).await?;
        let stage = if d.urgent { DestructionStage::Destroyed } else { DestructionStage::Proposed };
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO secret_destructions (org_id, urgent, stage, council_decision, council_members, reason, proposed_by,
                proposed_on, destroyed_on, method, record) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
        )
        .bind(d.org.0)
        .bind(d.urgent as i64)
        .bind(stage.code())
        .bind(d.council_decision.trim())
        .bind(d.council_members.trim())
        .bind(d.reason.trim())
        .bind(&d.by)
        .bind(d.on.to_string())
        .bind(destroyed.map(|x| x.on.to_string()))
        .bind(destroyed.map(|x| x.method.trim()).unwrap_or(""))
        .bind(destroyed.map(|x| x.record.trim()).unwrap_or(""))
        .fetch_one(&mut *tx)
        .await?;
        for item in &d.items {
            sqlx::query("INSERT INTO secret_destruction_items (destruction_id, item_id) VALUES ($1, $2)")
                .bind(id)
                .bind(item.0)
                .execute(&mut *tx)
                .await
                .map_err(|e| super::conflict_or(e, || "một tài liệu được chọn hai lần".into()))?;
        }
        if let Some(x) = destroyed {
            destroy_items(&mut tx, id, &d.items, x.on).await?;
        }
        let (step, detail) = match d.urgent {
            true => ("urgent", format!("tiêu huỷ khẩn cấp {} tài liệu: {}", d.items.len(), d.reason.trim())),
            false => ("propose", format!("đề nghị tiêu huỷ {} tài liệu: {}", d.items.len(), d.reason.trim())),
        };
        DESTRUCTIONS.add_event(&mut tx, id, &event(d.on, &d.by, step, None, stage, detail), &super::now()).await?;
        crate::audit::ambient::created(id);
        tx.commit().await?;
        Ok(DestructionId(id))
    }

    async fn destruction_step(&self, id: DestructionId, version: i64, step: &DestructionStep, by: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let cur = load(&mut tx, id).await?;
        let to = step.to_stage();
        if cur.stage.next(cur.urgent) != Some(to) {
            let why = match cur.stage.next(cur.urgent) {
                Some(next) => format!("bước tiếp theo của hồ sơ tiêu huỷ là «{}»", next.label()),
                None => format!("hồ sơ tiêu huỷ đã xong ({})", cur.stage.label()),
            };
            return Err(StoreError::Conflict(why));
        }
        DESTRUCTIONS.record.bump(&mut tx, id.0, version).await?;
        let (on, detail) = match step {
            DestructionStep::Minutes { on, minutes } => {
                sqlx::query("UPDATE secret_destructions SET minutes_on = $2, minutes = $3 WHERE id = $1")
                    .bind(id.0)
                    .bind(on.to_string())
                    .bind(minutes.trim())
                    .execute(&mut *tx)
                    .await?;
                (*on, "biên bản họp hội đồng".to_string())
            }
            DestructionStep::Decision { number, on, signer } => {
                sqlx::query(
                    "UPDATE secret_destructions SET decision_number = $2, decision_on = $3, decision_signer = $4 WHERE id = $1",
                )
                .bind(id.0)
                .bind(number.trim())
                .bind(on.to_string())
                .bind(signer.trim())
                .execute(&mut *tx)
                .await?;
                (*on, format!("quyết định tiêu huỷ số {}, {}", number.trim(), signer.trim()))
            }
            DestructionStep::Destroy(x) => {
                check_free(&mut tx, cur.org_id, &cur.items, Some(id.0)).await?;
                sqlx::query("UPDATE secret_destructions SET destroyed_on = $2, method = $3, record = $4 WHERE id = $1")
                    .bind(id.0)
                    .bind(x.on.to_string())
                    .bind(x.method.trim())
                    .bind(x.record.trim())
                    .execute(&mut *tx)
                    .await?;
                destroy_items(&mut tx, id.0, &cur.items, x.on).await?;
                (x.on, format!("đã tiêu huỷ {} tài liệu: {}", cur.items.len(), x.method.trim()))
            }
            DestructionStep::Report { on, report } => {
                sqlx::query("UPDATE secret_destructions SET report_on = $2, report = $3 WHERE id = $1")
                    .bind(id.0)
                    .bind(on.to_string())
                    .bind(report.trim())
                    .execute(&mut *tx)
                    .await?;
                (*on, "báo cáo bằng văn bản với người đứng đầu".to_string())
            }
        };
        sqlx::query("UPDATE secret_destructions SET stage = $2 WHERE id = $1")
            .bind(id.0)
            .bind(to.code())
            .execute(&mut *tx)
            .await?;
        let code = to.code();
        DESTRUCTIONS.add_event(&mut tx, id.0, &event(on, by, code, Some(cur.stage), to, detail), &super::now()).await?;
        tx.commit().await
    }

    async fn destruction(&self, id: DestructionId) -> Result<Option<DestructionRow>> {
        let mut c = self.pool.acquire().await?;
        match load(&mut c, id).await {
            Ok(d) => Ok(Some(d)),
            Err(StoreError::NotFound { .. }) => Ok(None),
            Err(e) => Err(e),
        }
    }

    async fn destructions_of_org(&self, org: OrgId) -> Result<Vec<DestructionRow>> {
        let mut c = self.pool.acquire().await?;
        let q = format!("SELECT {COLS} FROM secret_destructions WHERE org_id = $1 ORDER BY id DESC");
        let rows = sqlx::query(AssertSqlSafe(q)).bind(org.0).fetch_all(&mut *c).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let items = items_of(&mut c, r.try_get("id")?).await?;
            out.push(destruction_from_row(r, items)?);
        }
        Ok(out)
    }

    async fn destruction_events(&self, id: DestructionId) -> Result<Vec<StageEvent<DestructionStage>>> {
        DESTRUCTIONS.events(&self.pool, id.0).await
    }
}
