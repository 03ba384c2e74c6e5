//! Case lists and case clocks: the queries over a scope, each bounded by the subtree's path in
//! the query.

use super::cases::{CASE_COLS, case_from_row};
use super::workflow::stage;
use super::{SqlStore, corrupt};
use crate::Result;
use crate::cases::*;
use async_trait::async_trait;
use bvctnb_core::case::Stage;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{OrgId, PersonId};
use sqlx::Row;

/// `AND …` clauses of a case filter, binding from `$first` on.
fn filter_sql(f: &CaseFilter, first: usize) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut binds = Vec::new();
    let mut n = first;
    if let Some(k) = f.kind {
        sql.push_str(&format!(" AND c.kind = ${n}"));
        binds.push(k.code().to_string());
        n += 1;
    }
    if !f.stages.is_empty() {
        let marks: Vec<String> = (n..n + f.stages.len()).map(|i| format!("${i}")).collect();
        sql.push_str(&format!(" AND c.stage IN ({})", marks.join(", ")));
        binds.extend(f.stages.iter().map(|s| s.code().to_string()));
        n += f.stages.len();
    }
    if f.open_only || f.overdue_on.is_some() {
        sql.push_str(&format!(" AND c.stage NOT IN (${n}, ${})", n + 1));
        binds.extend([Stage::Closed.code().to_string(), Stage::Withdrawn.code().to_string()]);
        n += 2;
    }
    if let Some(d) = &f.overdue_on {
        sql.push_str(&format!(" AND c.stage_due < ${n}"));
        binds.push(d.clone());
    }
    if !f.exclude.is_empty() {
        // Ids are integers of our own: inlined, so the placeholders stay in order.
        let ids: Vec<String> = f.exclude.iter().map(|p| p.0.to_string()).collect();
        sql.push_str(&format!(" AND c.person_id NOT IN ({})", ids.join(", ")));
    }
    (sql, binds)
}

#[async_trait]
impl CaseLists for SqlStore {
    async fn cases_in_scope(&self, org: OrgId, f: &CaseFilter, limit: i64) -> Result<Vec<CaseSummary>> {
        let like = self.scope_like(org).await?;
        let (extra, binds) = filter_sql(f, 3);
        let q = format!(
            "SELECT {CASE_COLS}, p.full_name, p.birth_year FROM cases c JOIN persons p ON p.id = c.person_id
             WHERE c.org_id IN (SELECT id FROM orgs WHERE path LIKE $1){extra}
             ORDER BY c.id DESC LIMIT $2"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q)).bind(like).bind(limit);
        for b in binds {
            query = query.bind(b);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(CaseSummary {
                    case: case_from_row(r)?,
                    full_name: r.try_get("full_name")?,
                    birth_year: r.try_get::<i64, _>("birth_year")? as i32,
                })
            })
            .collect()
    }

    async fn count_cases(&self, org: OrgId, f: &CaseFilter) -> Result<i64> {
        let like = self.scope_like(org).await?;
        let (extra, binds) = filter_sql(f, 2);
        let q =
            format!("SELECT COUNT(*) FROM cases c WHERE c.org_id IN (SELECT id FROM orgs WHERE path LIKE $1){extra}");
        let mut query = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(q)).bind(like);
        for b in binds {
            query = query.bind(b);
        }
        Ok(query.fetch_one(&self.pool).await?.0)
    }

    async fn cases_of_person(&self, person: PersonId) -> Result<Vec<CaseRow>> {
        let q = format!("SELECT {CASE_COLS} FROM cases c WHERE c.person_id = $1 ORDER BY c.id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(person.0).fetch_all(&self.pool).await?;
        rows.iter().map(case_from_row).collect()
    }

    async fn stage_times(&self, org: OrgId) -> Result<Vec<StageTime>> {
        let like = self.scope_like(org).await?;
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT c.kind, e.from_stage, e.stage_days FROM case_events e JOIN cases c ON c.id = e.case_id
             WHERE e.stage_days IS NOT NULL AND e.from_stage IS NOT NULL AND e.from_stage <> e.to_stage
               AND c.org_id IN (SELECT id FROM orgs WHERE path LIKE $1)",
        )
        .bind(&like)
        .fetch_all(&self.pool)
        .await?;
        let totals: Vec<(String, i64)> = sqlx::query_as(
            "SELECT c.kind, CAST(SUM(e.stage_days) AS BIGINT) FROM case_events e JOIN cases c ON c.id = e.case_id
             WHERE c.org_id IN (SELECT id FROM orgs WHERE path LIKE $1) AND c.stage = $2
               AND e.stage_days IS NOT NULL AND e.from_stage <> e.to_stage
             GROUP BY c.id, c.kind",
        )
        .bind(&like)
        .bind(Stage::Closed.code())
        .fetch_all(&self.pool)
        .await?;
        let kind = |k: &str| CaseKind::from_code(k).ok_or_else(|| corrupt("loại hồ sơ", k));
        let mut out = Vec::with_capacity(rows.len() + totals.len());
        for (k, s, days) in rows {
            out.push(StageTime { kind: kind(&k)?, stage: Some(stage::<Stage>(&s)?), days });
        }
        for (k, days) in totals {
            out.push(StageTime { kind: kind(&k)?, stage: None, days });
        }
        Ok(out)
    }
}
