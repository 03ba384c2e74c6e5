//! Declarations of foreign relations on both backends: each new version supersedes the
//! current one in the same transaction, and the ones needing approval wait for a decision.

use super::scope::exclude_sql;
use super::{SqlStore, corrupt};
use crate::travel::*;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{OrgId, PersonId, RelationId};
use bvctnb_core::travel::{ForeignTie, RelationDecision};
use sqlx::Row;
use sqlx::any::AnyRow;

const REL_COLS: &str = "r.id, r.person_id, r.kind, r.supersedes, r.current, r.declared_on, r.name, r.relation, \
     r.birth_year, r.country, r.since, r.occupation, r.nationality, r.details, r.ended, r.needs_approval, r.decision, \
     r.decided_by, r.decider_name, r.decided_on, r.decision_reason, r.recorded_by, r.recorded_at";

fn relation_from_row(r: &AnyRow) -> Result<RelationRow> {
    let kind: String = r.try_get("kind")?;
    let decision: Option<String> = r.try_get("decision")?;
    let decision = decision
        .map(|d| RelationDecision::from_code(&d).ok_or_else(|| corrupt("quyết định về bản khai", &d)))
        .transpose()?;
    Ok(RelationRow {
        id: RelationId(r.try_get("id")?),
        person_id: PersonId(r.try_get("person_id")?),
        kind: ForeignTie::from_code(&kind).ok_or_else(|| corrupt("loại quan hệ nước ngoài", &kind))?,
        supersedes: r.try_get::<Option<i64>, _>("supersedes")?.map(RelationId),
        current: r.try_get::<i64, _>("current")? != 0,
        declared_on: r.try_get("declared_on")?,
        name: r.try_get("name")?,
        relation: r.try_get("relation")?,
        birth_year: r.try_get::<Option<i64>, _>("birth_year")?.map(|y| y as i32),
        country: r.try_get("country")?,
        since: r.try_get("since")?,
        occupation: r.try_get("occupation")?,
        nationality: r.try_get("nationality")?,
        details: r.try_get("details")?,
        ended: r.try_get::<i64, _>("ended")? != 0,
        needs_approval: r.try_get::<i64, _>("needs_approval")? != 0,
        decision,
        decided_by: r.try_get("decided_by")?,
        decider_name: r.try_get("decider_name")?,
        decided_on: r.try_get("decided_on")?,
        decision_reason: r.try_get("decision_reason")?,
        recorded_by: r.try_get("recorded_by")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

#[async_trait]
impl ForeignRelations for SqlStore {
    async fn declare_relation(&self, r: &RelationRow) -> Result<RelationId> {
        let mut tx = self.begin_write().await?;
        if let Some(old) = r.supersedes {
            let done = sqlx::query(
                "UPDATE foreign_relations SET current = 0 WHERE id = $1 AND person_id = $2 AND current = 1",
            )
            .bind(old.0)
            .bind(r.person_id.0)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if done != 1 {
                return Err(StoreError::Conflict(format!("bản khai số {old} đã được thay bằng bản khai khác")));
            }
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO foreign_relations (person_id, kind, supersedes, declared_on, name, relation, birth_year, country,
                since, occupation, nationality, details, ended, needs_approval, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
        )
        .bind(r.person_id.0)
        .bind(r.kind.code())
        .bind(r.supersedes.map(|s| s.0))
        .bind(&r.declared_on)
        .bind(&r.name)
        .bind(&r.relation)
        .bind(r.birth_year.map(i64::from))
        .bind(&r.country)
        .bind(&r.since)
        .bind(&r.occupation)
        .bind(&r.nationality)
        .bind(&r.details)
        .bind(r.ended as i64)
        .bind(r.needs_approval as i64)
        .bind(&r.recorded_by)
        .bind(super::now())
        .fetch_one(&mut *tx)
        .await?;
        crate::audit::ambient::created(id);
        tx.commit().await?;
        Ok(RelationId(id))
    }

    async fn relation(&self, id: RelationId) -> Result<Option<RelationRow>> {
        let q = format!("SELECT {REL_COLS} FROM foreign_relations r WHERE r.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(relation_from_row).transpose()
    }

    async fn decide_relation(
        &self,
        id: RelationId,
        decision: RelationDecision,
        by: &str,
        name: &str,
        on: &str,
        reason: &str,
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE foreign_relations SET decision = $2, decided_by = $3, decider_name = $4, decided_on = $5,
                decision_reason = $6
             WHERE id = $1 AND needs_approval = 1 AND decision IS NULL AND current = 1",
        )
        .bind(id.0)
        .bind(decision.code())
        .bind(by)
        .bind(name)
        .bind(on)
        .bind(reason)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            return Err(StoreError::Conflict("bản khai không chờ quyết định (đã quyết định hoặc đã được thay)".into()));
        }
        tx.commit().await
    }

    async fn relations_of_person(&self, person: PersonId) -> Result<Vec<RelationRow>> {
        let q = format!("SELECT {REL_COLS} FROM foreign_relations r WHERE r.person_id = $1 ORDER BY r.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(person.0).fetch_all(&self.pool).await?;
        rows.iter().map(relation_from_row).collect()
    }

    async fn relations_in_scope(&self, org: OrgId, f: &RelationFilter, limit: i64) -> Result<Vec<RelationSummary>> {
        let like = self.scope_like(org).await?;
        let mut extra = exclude_sql("r.person_id", &f.exclude);
        let mut binds = Vec::new();
        if !f.kinds.is_empty() {
            let marks: Vec<String> = (0..f.kinds.len()).map(|i| format!("${}", 3 + i)).collect();
            extra.push_str(&format!(" AND r.kind IN ({})", marks.join(", ")));
            binds.extend(f.kinds.iter().map(|k| k.code().to_string()));
        }
        if let Some(c) = &f.country {
            extra.push_str(&format!(" AND LOWER(r.country) LIKE ${}", 3 + binds.len()));
            binds.push(format!("%{}%", c.to_lowercase()));
        }
        if f.pending_only {
            extra.push_str(" AND r.needs_approval = 1 AND r.decision IS NULL");
        }
        let q = format!(
            "SELECT {REL_COLS}, p.full_name, o.name AS org_name FROM foreign_relations r
             JOIN persons p ON p.id = r.person_id JOIN orgs o ON o.id = p.org_id
             WHERE r.current = 1 AND r.ended = 0 AND p.org_id IN (SELECT id FROM orgs WHERE path LIKE $1){extra}
             ORDER BY o.name, p.full_name, r.id LIMIT $2"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q)).bind(like).bind(limit);
        for b in binds {
            query = query.bind(b);
        }
        query
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| {
                Ok(RelationSummary {
                    relation: relation_from_row(r)?,
                    full_name: r.try_get("full_name")?,
                    org_name: r.try_get("org_name")?,
                })
            })
            .collect()
    }
}
