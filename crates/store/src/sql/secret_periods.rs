//! Changes of a classified item's level and period on both backends, each with its history line.

use super::SqlStore;
use super::secrets::{ITEM_COLS, dmy, invalid, item_from_row};
use super::workflow::{SECRET_ITEMS, step_event};
use crate::secret_periods::*;
use crate::secrets::SecretItemRow;
use crate::workflow::StageEvent;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{OrgId, SecretItemId};
use bvctnb_core::secret::SecretLevel;
use chrono::NaiveDate;
use sqlx::AssertSqlSafe;

#[async_trait]
impl SecretPeriods for SqlStore {
    async fn change_item(
        &self,
        item: SecretItemId,
        version: i64,
        c: &ItemChange,
        by: &str,
        on: NaiveDate,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let q = format!("SELECT {ITEM_COLS} FROM secret_items i WHERE i.id = $1");
        let row = sqlx::query(AssertSqlSafe(q)).bind(item.0).fetch_optional(&mut *tx).await?;
        let cur = row
            .as_ref()
            .map(item_from_row)
            .transpose()?
            .ok_or(StoreError::NotFound { what: "tài liệu mật", id: item.0 })?;
        if let Some(d) = &cur.destroyed_on {
            return Err(StoreError::Conflict(format!("tài liệu đã tiêu huỷ ngày {}", dmy(d))));
        }
        if let Some(d) = &cur.declassified_on {
            return Err(StoreError::Conflict(format!("tài liệu đã giải mật ngày {}", dmy(d))));
        }
        let ended = cur.period_end.as_str() < on.to_string().as_str();
        if ended && !matches!(c, ItemChange::Notified { .. }) {
            let end = dmy(&cur.period_end);
            return Err(StoreError::Conflict(format!("thời hạn bảo vệ đã hết ngày {end}: tài liệu đã tự giải mật")));
        }
        SECRET_ITEMS.record.bump(&mut tx, item.0, version).await?;
        let (step, to, detail) = match c {
            ItemChange::Extend { period_end, basis } => {
                if period_end.to_string() <= cur.period_end {
                    return Err(invalid("period_end", format!("ngày hết hạn mới phải sau {}", dmy(&cur.period_end))));
                }
                sqlx::query("UPDATE secret_items SET period_end = $2 WHERE id = $1")
                    .bind(item.0)
                    .bind(period_end.to_string())
                    .execute(&mut *tx)
                    .await?;
                let d = format!("gia hạn đến {}: {basis}", period_end.format("%d/%m/%Y"));
                ("extend", cur.level, d)
            }
            ItemChange::Regrade { level, basis, notify_due } => {
                if *level == cur.level {
                    return Err(invalid("level", format!("tài liệu đang là {}", level.label())));
                }
                sqlx::query("UPDATE secret_items SET level = $2, notify_due = $3, notified_on = NULL WHERE id = $1")
                    .bind(item.0)
                    .bind(level.code())
                    .bind(notify_due.to_string())
                    .execute(&mut *tx)
                    .await?;
                let d = format!("điều chỉnh từ {} thành {}: {basis}", cur.level.label(), level.label());
                ("regrade", *level, d)
            }
            ItemChange::Declassify { basis } => {
                sqlx::query("UPDATE secret_items SET declassified_on = $2, declassified_basis = $3 WHERE id = $1")
                    .bind(item.0)
                    .bind(on.to_string())
                    .bind(basis)
                    .execute(&mut *tx)
                    .await?;
                ("declassify", cur.level, format!("giải mật: {basis}"))
            }
            ItemChange::Notified { detail } => {
                if cur.notify_due.is_none() || cur.notified_on.is_some() {
                    return Err(StoreError::Conflict("không có thông báo điều chỉnh độ mật nào đang chờ".into()));
                }
                sqlx::query("UPDATE secret_items SET notified_on = $2 WHERE id = $1")
                    .bind(item.0)
                    .bind(on.to_string())
                    .execute(&mut *tx)
                    .await?;
                ("notified", cur.level, format!("đã thông báo cho cơ quan, tổ chức liên quan: {detail}"))
            }
        };
        let e = step_event(on, by, step, Some(cur.level), to, detail);
        SECRET_ITEMS.add_event(&mut tx, item.0, &e, &super::now()).await?;
        tx.commit().await
    }

    async fn item_events(&self, item: SecretItemId) -> Result<Vec<StageEvent<SecretLevel>>> {
        SECRET_ITEMS.events(&self.pool, item.0).await
    }

    async fn periods_ending(
        &self,
        org: OrgId,
        from: NaiveDate,
        until: NaiveDate,
        limit: i64,
    ) -> Result<Vec<SecretItemRow>> {
        let like = self.scope_like(org).await?;
        let q = format!(
            "SELECT {ITEM_COLS} FROM secret_items i
             WHERE i.period_end >= $1 AND i.period_end <= $2 AND i.destroyed_on IS NULL AND i.declassified_on IS NULL
               AND i.org_id IN (SELECT id FROM orgs WHERE path LIKE $3)
             ORDER BY i.period_end, i.id LIMIT $4"
        );
        let rows = sqlx::query(AssertSqlSafe(q))
            .bind(from.to_string())
            .bind(until.to_string())
            .bind(like)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(item_from_row).collect()
    }

    async fn regrade_notices_due(&self, org: OrgId, limit: i64) -> Result<Vec<SecretItemRow>> {
        let like = self.scope_like(org).await?;
        let q = format!(
            "SELECT {ITEM_COLS} FROM secret_items i
             WHERE i.notify_due IS NOT NULL AND i.notified_on IS NULL AND i.destroyed_on IS NULL
               AND i.org_id IN (SELECT id FROM orgs WHERE path LIKE $1)
             ORDER BY i.notify_due, i.id LIMIT $2"
        );
        let rows = sqlx::query(AssertSqlSafe(q)).bind(like).bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(item_from_row).collect()
    }
}
