//! Incident reports on both backends, written with their items in one transaction.

use super::secrets::invalid;
use super::{SqlStore, corrupt};
use crate::secret_incidents::*;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{IncidentId, OrgId, SecretItemId};
use bvctnb_core::secret::IncidentKind;
use sqlx::any::AnyRow;
use sqlx::{AssertSqlSafe, Row};

const COLS: &str = "id, org_id, kind, occurred_on, circumstances, measures, reported_by, reported_at, head_seen_by, \
     head_seen_at, above_seen_by, above_seen_at, version";

async fn with_items(c: &mut sqlx::AnyConnection, r: &AnyRow) -> Result<IncidentRow> {
    let id: i64 = r.try_get("id")?;
    let kind: String = r.try_get("kind")?;
    let items: Vec<(i64,)> =
        sqlx::query_as("SELECT item_id FROM secret_incident_items WHERE incident_id = $1 ORDER BY item_id")
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
    Ok(IncidentRow {
        id: IncidentId(id),
        org_id: OrgId(r.try_get("org_id")?),
        kind: IncidentKind::from_code(&kind).ok_or_else(|| corrupt("loại sự việc", &kind))?,
        occurred_on: r.try_get("occurred_on")?,
        circumstances: r.try_get("circumstances")?,
        measures: r.try_get("measures")?,
        reported_by: r.try_get("reported_by")?,
        reported_at: r.try_get("reported_at")?,
        head_seen_by: r.try_get("head_seen_by")?,
        head_seen_at: r.try_get("head_seen_at")?,
        above_seen_by: r.try_get("above_seen_by")?,
        above_seen_at: r.try_get("above_seen_at")?,
        version: r.try_get("version")?,
        items: items.into_iter().map(|(i,)| SecretItemId(i)).collect(),
    })
}

#[async_trait]
impl SecretIncidents for SqlStore {
    async fn report_incident(&self, i: &NewIncident) -> Result<IncidentId> {
        if i.circumstances.trim().is_empty() {
            return Err(invalid("circumstances", "phải ghi diễn biến, hoàn cảnh sự việc".into()));
        }
        if i.measures.trim().is_empty() {
            return Err(invalid("measures", "phải ghi biện pháp đã áp dụng".into()));
        }
        let mut tx = self.begin_write().await?;
        for item in &i.items {
            let keeper: Option<(i64, String)> =
                sqlx::query_as("SELECT org_id, number_symbol FROM secret_items WHERE id = $1")
                    .bind(item.0)
                    .fetch_optional(&mut *tx)
                    .await?;
            match keeper {
                None => return Err(StoreError::NotFound { what: "tài liệu mật", id: item.0 }),
                Some((org, number)) if org != i.org.0 => {
                    return Err(invalid("items", format!("tài liệu số {number} không do đơn vị này lưu giữ")));
                }
                Some(_) => {}
            }
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO secret_incidents (org_id, kind, occurred_on, circumstances, measures, reported_by, reported_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(i.org.0)
        .bind(i.kind.code())
        .bind(i.occurred_on.to_string())
        .bind(i.circumstances.trim())
        .bind(i.measures.trim())
        .bind(&i.by)
        .bind(super::now())
        .fetch_one(&mut *tx)
        .await?;
        for item in &i.items {
            sqlx::query("INSERT INTO secret_incident_items (incident_id, item_id) VALUES ($1, $2)")
                .bind(id)
                .bind(item.0)
                .execute(&mut *tx)
                .await
                .map_err(|e| super::conflict_or(e, || "một tài liệu được chọn hai lần".into()))?;
        }
        crate::audit::ambient::created(id);
        tx.commit().await?;
        Ok(IncidentId(id))
    }

    async fn incident_seen(&self, id: IncidentId, seer: Seer, by: &str) -> Result<()> {
        let q = match seer {
            Seer::Head => {
                "UPDATE secret_incidents SET head_seen_by = $2, head_seen_at = $3, version = version + 1
                           WHERE id = $1 AND head_seen_by IS NULL"
            }
            Seer::Above => {
                "UPDATE secret_incidents SET above_seen_by = $2, above_seen_at = $3, version = version + 1
                            WHERE id = $1 AND above_seen_by IS NULL"
            }
        };
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(q).bind(id.0).bind(by).bind(super::now()).execute(&mut *tx).await?.rows_affected();
        if done != 1 {
            return Err(StoreError::Conflict("báo cáo này đã được ghi nhận ở cấp đó".into()));
        }
        tx.commit().await
    }

    async fn incident(&self, id: IncidentId) -> Result<Option<IncidentRow>> {
        let mut c = self.pool.acquire().await?;
        let q = format!("SELECT {COLS} FROM secret_incidents WHERE id = $1");
        let Some(r) = sqlx::query(AssertSqlSafe(q)).bind(id.0).fetch_optional(&mut *c).await? else {
            return Ok(None);
        };
        Ok(Some(with_items(&mut c, &r).await?))
    }

    async fn incidents_in(&self, org: OrgId, unseen: bool, limit: i64) -> Result<Vec<IncidentRow>> {
        let like = self.scope_like(org).await?;
        let waiting = if unseen { " AND (head_seen_by IS NULL OR above_seen_by IS NULL)" } else { "" };
        let q = format!(
            "SELECT {COLS} FROM secret_incidents WHERE org_id IN (SELECT id FROM orgs WHERE path LIKE $1){waiting}
             ORDER BY id DESC LIMIT $2"
        );
        let mut c = self.pool.acquire().await?;
        let rows = sqlx::query(AssertSqlSafe(q)).bind(like).bind(limit).fetch_all(&mut *c).await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            out.push(with_items(&mut c, r).await?);
        }
        Ok(out)
    }
}
