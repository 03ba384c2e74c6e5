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

/// `CASE col WHEN $first THEN 0 WHEN $first+1 THEN 1 … END`: the rank of a code in the
/// order the binds give (codes are bound, never written into the query).
fn rank_sql(col: &str, first: usize, n: usize) -> String {
    let whens: String = (0..n).map(|i| format!(" WHEN ${} THEN {i}", first + i)).collect();
    format!("CASE {col}{whens} ELSE {n} END")
}

fn summary_from_row(r: &sqlx::any::AnyRow) -> Result<CaseSummary> {
    Ok(CaseSummary {
        case: case_from_row(r)?,
        full_name: r.try_get("full_name")?,
        birth_year: r.try_get::<i64, _>("birth_year")? as i32,
    })
}

impl SqlStore {
    /// Ordered by the subject's name: the collation is Vietnamese (given name first), which
    /// neither database has, so the names of every matching case are read and sorted here, and
    /// only the window's rows are then read whole.
    async fn cases_by_name(&self, like: &str, f: &CaseFilter, w: &CaseWindow) -> Result<Vec<CaseSummary>> {
        let (extra, binds) = filter_sql(f, 2);
        let q = format!(
            "SELECT c.id, p.full_name FROM cases c JOIN persons p ON p.id = c.person_id
             WHERE c.org_id IN (SELECT id FROM orgs WHERE path LIKE $1){extra}"
        );
        let mut query = sqlx::query_as::<_, (i64, String)>(sqlx::AssertSqlSafe(q)).bind(like.to_string());
        for b in binds {
            query = query.bind(b);
        }
        let mut names = query.fetch_all(&self.pool).await?;
        names.sort_by(|a, b| bvctnb_core::text::name_sort_key_order(&a.1, &b.1).then(b.0.cmp(&a.0)));
        if w.desc {
            names.reverse();
        }
        let ids: Vec<i64> =
            names.into_iter().skip(w.offset.max(0) as usize).take(w.limit.max(0) as usize).map(|(id, _)| id).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        // Our own integers, inlined.
        let q = format!(
            "SELECT {CASE_COLS}, p.full_name, p.birth_year FROM cases c JOIN persons p ON p.id = c.person_id
             WHERE c.id IN ({})",
            list.join(", ")
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).fetch_all(&self.pool).await?;
        let mut out: Vec<CaseSummary> = rows.iter().map(summary_from_row).collect::<Result<_>>()?;
        out.sort_by_key(|s| ids.iter().position(|i| *i == s.case.id.0));
        Ok(out)
    }
}

#[async_trait]
impl CaseLists for SqlStore {
    async fn cases_in_scope(&self, org: OrgId, f: &CaseFilter, w: &CaseWindow) -> Result<Vec<CaseSummary>> {
        let like = self.scope_like(org).await?;
        if w.order == CaseOrder::Name {
            return self.cases_by_name(&like, f, w).await;
        }
        let (extra, mut binds) = filter_sql(f, 4);
        let dir = if w.desc { "DESC" } else { "ASC" };
        let order = match w.order {
            CaseOrder::Id | CaseOrder::Name => format!("c.id {dir}"),
            CaseOrder::Opened => format!("c.opened_on {dir}, c.id {dir}"),
            // Cases with no due date go last either way.
            CaseOrder::Due => format!("CASE WHEN c.stage_due IS NULL THEN 1 ELSE 0 END, c.stage_due {dir}, c.id"),
            CaseOrder::Kind => {
                let mut kinds: Vec<CaseKind> = CaseKind::ALL.to_vec();
                kinds.sort_by(|a, b| bvctnb_core::text::vi_cmp(a.label(), b.label()));
                let first = 4 + binds.len();
                binds.extend(kinds.iter().map(|k| k.code().to_string()));
                format!("{} {dir}, c.id DESC", rank_sql("c.kind", first, kinds.len()))
            }
            CaseOrder::Stage => {
                let first = 4 + binds.len();
                binds.extend(Stage::ALL.iter().map(|s| s.code().to_string()));
                format!("{} {dir}, c.id DESC", rank_sql("c.stage", first, Stage::ALL.len()))
            }
        };
        let q = format!(
            "SELECT {CASE_COLS}, p.full_name, p.birth_year FROM cases c JOIN persons p ON p.id = c.person_id
             WHERE c.org_id IN (SELECT id FROM orgs WHERE path LIKE $1){extra}
             ORDER BY {order} LIMIT $2 OFFSET $3"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q)).bind(like).bind(w.limit).bind(w.offset);
        for b in binds {
            query = query.bind(b);
        }
        query.fetch_all(&self.pool).await?.iter().map(summary_from_row).collect()
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
