//! The yearly counts on both backends: one grouped pass per measure over the subtree.

use super::{SqlStore, corrupt};
use crate::Result;
use crate::secret_stats::*;
use async_trait::async_trait;
use bvctnb_core::ids::OrgId;
use bvctnb_core::secret::{IncidentKind, RegisterKind, SecretLevel};
use chrono::{Days, NaiveDate};
use sqlx::AssertSqlSafe;

/// The subtree check of a row found by its date: the few rows of a day range are looked up in
/// the tree one by one, where a list of the subtree's organisations (all 273 000 for the nation)
/// would lead the query through the organisation index instead of the date's.
const IN_SUBTREE: &str = "(SELECT o.path FROM orgs o WHERE o.id = org_id) LIKE $3";

fn level(code: &str) -> Result<SecretLevel> {
    SecretLevel::from_code(code).ok_or_else(|| corrupt("độ mật", code))
}

#[async_trait]
impl SecretStats for SqlStore {
    async fn secret_counts(&self, org: OrgId, from: NaiveDate, to: NaiveDate) -> Result<Vec<Count>> {
        let like = self.scope_like(org).await?;
        let (f, t) = (from.to_string(), to.to_string());
        let mut out = Vec::new();
        // The day counts the writes keep (see `secret_line_counts`), not the lines themselves.
        let lines: Vec<(i64, String, String, i64, i64)> = sqlx::query_as(
            "SELECT org_id, kind, level, CAST(SUM(lines) AS BIGINT), CAST(SUM(copies) AS BIGINT) FROM secret_line_counts
             WHERE day >= $1 AND day <= $2 AND org_id IN (SELECT id FROM orgs WHERE path LIKE $3)
             GROUP BY org_id, kind, level",
        )
        .bind(&f)
        .bind(&t)
        .bind(&like)
        .fetch_all(&self.pool)
        .await?;
        for (o, kind, lv, n, copies) in lines {
            let kind = RegisterKind::from_code(&kind).ok_or_else(|| corrupt("loại sổ", &kind))?;
            let n = if kind == RegisterKind::Copies { copies } else { n };
            out.push(Count { org: OrgId(o), measure: Measure::Book(kind), level: level(&lv)?, n });
        }
        let destroyed: Vec<(i64, String, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT org_id, level, COUNT(*) FROM secret_items
             WHERE destroyed_on >= $1 AND destroyed_on <= $2 AND {IN_SUBTREE}
             GROUP BY org_id, level",
        )))
        .bind(&f)
        .bind(&t)
        .bind(&like)
        .fetch_all(&self.pool)
        .await?;
        for (o, lv, n) in destroyed {
            out.push(Count { org: OrgId(o), measure: Measure::Destroyed, level: level(&lv)?, n });
        }
        // By decision within the period, or by a period whose last day falls the day before one
        // of the period's days (the item is declassified the day after), unless destroyed first.
        // Two queries, each on its own index: an OR of the two would read every item.
        let (pf, pt) = ((from - Days::new(1)).to_string(), (to - Days::new(1)).to_string());
        let by_decision: Vec<(i64, String, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT org_id, level, COUNT(*) FROM secret_items
             WHERE declassified_on >= $1 AND declassified_on <= $2 AND {IN_SUBTREE}
             GROUP BY org_id, level",
        )))
        .bind(&f)
        .bind(&t)
        .bind(&like)
        .fetch_all(&self.pool)
        .await?;
        let by_period: Vec<(i64, String, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT org_id, level, COUNT(*) FROM secret_items
             WHERE period_end >= $1 AND period_end <= $2 AND declassified_on IS NULL
               AND (destroyed_on IS NULL OR destroyed_on > period_end)
               AND {IN_SUBTREE}
             GROUP BY org_id, level",
        )))
        .bind(&pf)
        .bind(&pt)
        .bind(&like)
        .fetch_all(&self.pool)
        .await?;
        for (o, lv, n) in by_decision.into_iter().chain(by_period) {
            out.push(Count { org: OrgId(o), measure: Measure::Declassified, level: level(&lv)?, n });
        }
        Ok(out)
    }

    async fn incident_counts(
        &self,
        org: OrgId,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<(OrgId, IncidentKind, i64)>> {
        let like = self.scope_like(org).await?;
        let rows: Vec<(i64, String, i64)> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT org_id, kind, COUNT(*) FROM secret_incidents
             WHERE occurred_on >= $1 AND occurred_on <= $2 AND {IN_SUBTREE}
             GROUP BY org_id, kind",
        )))
        .bind(from.to_string())
        .bind(to.to_string())
        .bind(like)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(o, k, n)| Ok((OrgId(o), IncidentKind::from_code(&k).ok_or_else(|| corrupt("loại sự việc", &k))?, n)))
            .collect()
    }
}
