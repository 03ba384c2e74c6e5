//! Conclusions of cases and the registers their numbers (and request letters') come from.

use super::SqlStore;
use crate::Result;
use crate::cases::*;
use async_trait::async_trait;
use bvctnb_core::case::docnum::{DocKind, format_number};
use bvctnb_core::ids::{CaseId, ConclusionId, OrgId, PersonId};
use sqlx::Row;
use sqlx::any::AnyRow;

const CONCL_COLS: &str = "id, case_id, person_id, category, category_title, ceiling, ceiling_title, grounds, findings, \
     issuer_org, number, signer, signer_name, signer_position, signer_level, signed_on, pack_version, valid_until, \
     reviews, review_outcome, recorded_at";
fn conclusion_from_row(r: &AnyRow) -> Result<ConclusionRow> {
    Ok(ConclusionRow {
        id: ConclusionId(r.try_get("id")?),
        case_id: CaseId(r.try_get("case_id")?),
        person_id: PersonId(r.try_get("person_id")?),
        category: r.try_get("category")?,
        category_title: r.try_get("category_title")?,
        ceiling: r.try_get("ceiling")?,
        ceiling_title: r.try_get("ceiling_title")?,
        grounds: r.try_get("grounds")?,
        findings: r.try_get("findings")?,
        issuer_org: OrgId(r.try_get("issuer_org")?),
        number: r.try_get("number")?,
        signer: r.try_get("signer")?,
        signer_name: r.try_get("signer_name")?,
        signer_position: r.try_get("signer_position")?,
        signer_level: r.try_get("signer_level")?,
        signed_on: r.try_get("signed_on")?,
        pack_version: r.try_get("pack_version")?,
        valid_until: r.try_get("valid_until")?,
        reviews: r.try_get::<Option<i64>, _>("reviews")?.map(ConclusionId),
        review_outcome: r.try_get("review_outcome")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

/// Takes the next number of `org`'s register for `kind` in `year`, inside the caller's write.
pub(super) async fn take_number(tx: &mut sqlx::AnyConnection, org: OrgId, kind: DocKind, year: i32) -> Result<i64> {
    sqlx::query(
        "INSERT INTO doc_counters (org_id, kind, year, last) VALUES ($1, $2, $3, 0)
         ON CONFLICT (org_id, kind, year) DO NOTHING",
    )
    .bind(org.0)
    .bind(kind.code())
    .bind(year as i64)
    .execute(&mut *tx)
    .await?;
    let (n,): (i64,) = sqlx::query_as(
        "UPDATE doc_counters SET last = last + 1 WHERE org_id = $1 AND kind = $2 AND year = $3 RETURNING last",
    )
    .bind(org.0)
    .bind(kind.code())
    .bind(year as i64)
    .fetch_one(&mut *tx)
    .await?;
    Ok(n)
}

pub(super) fn year_of(date: &str) -> i32 {
    date.get(..4).and_then(|y| y.parse().ok()).unwrap_or(0)
}

/// Records a conclusion of the case inside the caller's write, numbered from the issuer's
/// register unless it came numbered; returns its id and number.
pub(super) async fn insert_conclusion(
    tx: &mut sqlx::AnyConnection,
    case: CaseId,
    person: PersonId,
    c: &NewConclusion,
    now: &str,
) -> Result<(ConclusionId, String)> {
    let number = match &c.number {
        Some(n) => n.clone(),
        None => {
            let seq = take_number(&mut *tx, c.issuer_org, DocKind::Conclusion, year_of(&c.signed_on)).await?;
            format_number(seq, DocKind::Conclusion, &c.body_symbol)
        }
    };
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO conclusions (case_id, person_id, category, category_title, ceiling, ceiling_title, grounds,
            findings, issuer_org, number, signer, signer_name, signer_position, signer_level, signed_on,
            pack_version, valid_until, reviews, review_outcome, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
         RETURNING id",
    )
    .bind(case.0)
    .bind(person.0)
    .bind(&c.category)
    .bind(&c.category_title)
    .bind(&c.ceiling)
    .bind(&c.ceiling_title)
    .bind(&c.grounds)
    .bind(&c.findings)
    .bind(c.issuer_org.0)
    .bind(&number)
    .bind(&c.signer)
    .bind(&c.signer_name)
    .bind(&c.signer_position)
    .bind(c.signer_level)
    .bind(&c.signed_on)
    .bind(&c.pack_version)
    .bind(&c.valid_until)
    .bind(c.reviews.map(|c| c.0))
    .bind(&c.review_outcome)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    Ok((ConclusionId(id), number))
}

#[async_trait]
impl Conclusions for SqlStore {
    async fn case_conclusions(&self, id: CaseId) -> Result<Vec<ConclusionRow>> {
        let q = format!("SELECT {CONCL_COLS} FROM conclusions WHERE case_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_all(&self.pool).await?;
        rows.iter().map(conclusion_from_row).collect()
    }

    async fn conclusion(&self, id: ConclusionId) -> Result<Option<ConclusionRow>> {
        let q = format!("SELECT {CONCL_COLS} FROM conclusions WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(conclusion_from_row).transpose()
    }

    async fn conclusions_in_scope(&self, org: OrgId) -> Result<Vec<ConclusionRow>> {
        let like = self.scope_like(org).await?;
        let q = format!(
            "SELECT {CONCL_COLS} FROM conclusions WHERE person_id IN
               (SELECT p.id FROM persons p JOIN orgs o ON o.id = p.org_id WHERE o.path LIKE $1)
             ORDER BY person_id, id"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(like).fetch_all(&self.pool).await?;
        rows.iter().map(conclusion_from_row).collect()
    }

    async fn last_doc_number(&self, org: OrgId, kind: DocKind, year: i32) -> Result<i64> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT last FROM doc_counters WHERE org_id = $1 AND kind = $2 AND year = $3")
                .bind(org.0)
                .bind(kind.code())
                .bind(year as i64)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map_or(0, |r| r.0))
    }
}
