//! Writing persons: create, submit a new declaration version, move between organisations.

use super::SqlStore;
use crate::persons::Persons;
use crate::project::{PersonRow, person_row, relative_rows};
use crate::{OrgMove, PersonRecord, Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::Declaration;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::org::{OrgError, OrgKind};
use sqlx::AnyConnection;

pub(crate) const PERSON_COLS: &str = "org_id, status, full_name, name_folded, other_names, birth_date, birth_year, \
     sex, cccd, party_card_no, history_no, hometown, ethnicity, religion, version, submitted_at, submitted_by, \
     change_seq, doc";

async fn check_member_org(tx: &mut AnyConnection, org: OrgId) -> Result<()> {
    let row: Option<(String, Option<String>)> = sqlx::query_as("SELECT kind, dissolved_on FROM orgs WHERE id = $1")
        .bind(org.0)
        .fetch_optional(&mut *tx)
        .await?;
    let (kind, dissolved) = row.ok_or(OrgError::NotFound(org))?;
    if dissolved.is_some() {
        return Err(OrgError::Inactive(org).into());
    }
    let kind = OrgKind::from_code(&kind).ok_or_else(|| StoreError::Corrupt(kind.clone()))?;
    if !kind.holds_members() {
        return Err(StoreError::Conflict(format!(
            "{} không trực tiếp quản lý đảng viên; chọn một chi bộ",
            kind.label()
        )));
    }
    Ok(())
}

fn cccd_conflict(row: &PersonRow) -> impl FnOnce() -> String + '_ {
    move || format!("số CCCD {} đã có trong hồ sơ khác", row.cccd.as_deref().unwrap_or(""))
}

async fn insert_relatives(tx: &mut AnyConnection, id: PersonId, d: &Declaration) -> Result<()> {
    for r in relative_rows(d) {
        sqlx::query(
            "INSERT INTO relatives (person_id, ord, relation, tier, full_name, birth_year, abroad_country,
             party_member, person_ref, doc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(id.0)
        .bind(r.ord)
        .bind(r.relation)
        .bind(r.tier)
        .bind(r.full_name)
        .bind(r.birth_year)
        .bind(r.abroad_country)
        .bind(r.party_member)
        .bind(r.person_ref)
        .bind(r.doc)
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// Replaces the person's screening projection (see migration 0006).
async fn write_screen_facts(tx: &mut AnyConnection, id: PersonId, d: &Declaration) -> Result<()> {
    sqlx::query("DELETE FROM screen_facts WHERE person_id = $1").bind(id.0).execute(&mut *tx).await?;
    if let Some(facts) = bvctnb_core::screening::ScreeningFacts::to_json(d) {
        sqlx::query("INSERT INTO screen_facts (person_id, facts) VALUES ($1, $2)")
            .bind(id.0)
            .bind(facts)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl Persons for SqlStore {
    async fn create_person(&self, org: OrgId, d: &Declaration, by: &str) -> Result<PersonRecord> {
        d.validate()?;
        let row = person_row(d);
        let now = super::now();
        let mut tx = self.begin_write().await?;
        check_member_org(&mut tx, org).await?;
        let seq = SqlStore::next_seq(&mut tx).await?;
        let q = format!(
            "INSERT INTO persons ({PERSON_COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13,
             $14, 1, $15, $16, $17, $18) RETURNING id"
        );
        let (id,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(q.as_str()))
            .bind(org.0)
            .bind(row.status)
            .bind(&row.full_name)
            .bind(&row.name_folded)
            .bind(&row.other_names)
            .bind(&row.birth_date)
            .bind(row.birth_year)
            .bind(row.sex)
            .bind(&row.cccd)
            .bind(&row.party_card_no)
            .bind(&row.history_no)
            .bind(&row.hometown)
            .bind(&row.ethnicity)
            .bind(&row.religion)
            .bind(&now)
            .bind(by)
            .bind(seq)
            .bind(&row.doc)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| super::conflict_or(e, cccd_conflict(&row)))?;
        let id = PersonId(id);
        insert_relatives(&mut tx, id, d).await?;
        write_screen_facts(&mut tx, id, d).await?;
        crate::audit::ambient::created(id);
        tx.commit().await?;
        Ok(PersonRecord {
            id,
            org_id: org,
            status: crate::project::parse_status(row.status)?,
            version: 1,
            submitted_at: now,
            submitted_by: by.to_string(),
            declaration: d.clone(),
        })
    }

    async fn submit_declaration(&self, id: PersonId, d: &Declaration, by: &str, expected: i64) -> Result<PersonRecord> {
        let mut tx = self.begin_write().await?;
        let r = self.submit_in(&mut tx, id, d, by, expected).await?;
        tx.commit().await?;
        Ok(r)
    }

    async fn move_person(&self, id: PersonId, to: OrgId, on: &str, reason: &str) -> Result<OrgMove> {
        let mut tx = self.begin_write().await?;
        check_member_org(&mut tx, to).await?;
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT org_id FROM persons WHERE id = $1").bind(id.0).fetch_optional(&mut *tx).await?;
        let (from,) = row.ok_or(StoreError::NotFound { what: "hồ sơ", id: id.0 })?;
        if from == to.0 {
            return Err(StoreError::Conflict("người này đã thuộc tổ chức đó".into()));
        }
        let seq = SqlStore::next_seq(&mut tx).await?;
        sqlx::query("UPDATE persons SET org_id = $1, change_seq = $2 WHERE id = $3")
            .bind(to.0)
            .bind(seq)
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO org_moves (person_id, from_org, to_org, moved_on, reason) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.0)
        .bind(from)
        .bind(to.0)
        .bind(on)
        .bind(reason)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(OrgMove { person_id: id, from_org: OrgId(from), to_org: to, moved_on: on.into(), reason: reason.into() })
    }
}

impl SqlStore {
    /// A new declaration version inside the caller's write transaction.
    async fn submit_in(
        &self,
        tx: &mut super::WriteTx,
        id: PersonId,
        d: &Declaration,
        by: &str,
        expected: i64,
    ) -> Result<PersonRecord> {
        d.validate()?;
        let row = person_row(d);
        let now = super::now();
        let current = self.load_record(tx, id).await?.ok_or(StoreError::NotFound { what: "hồ sơ", id: id.0 })?;
        if current.version != expected {
            return Err(StoreError::VersionConflict { expected, current: current.version });
        }
        // The version being replaced is kept whole, so any two versions can be compared.
        sqlx::query(
            "INSERT INTO declaration_versions (person_id, version, submitted_at, submitted_by, doc)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id.0)
        .bind(current.version)
        .bind(&current.submitted_at)
        .bind(&current.submitted_by)
        .bind(serde_json::to_string(&current.declaration).expect("serialises"))
        .execute(&mut **tx)
        .await?;
        let seq = SqlStore::next_seq(tx).await?;
        sqlx::query(
            "UPDATE persons SET status = $1, full_name = $2, name_folded = $3, other_names = $4, birth_date = $5,
             birth_year = $6, sex = $7, cccd = $8, party_card_no = $9, history_no = $10, hometown = $11,
             ethnicity = $12, religion = $13, version = $14, submitted_at = $15, submitted_by = $16,
             change_seq = $17, doc = $18 WHERE id = $19",
        )
        .bind(row.status)
        .bind(&row.full_name)
        .bind(&row.name_folded)
        .bind(&row.other_names)
        .bind(&row.birth_date)
        .bind(row.birth_year)
        .bind(row.sex)
        .bind(&row.cccd)
        .bind(&row.party_card_no)
        .bind(&row.history_no)
        .bind(&row.hometown)
        .bind(&row.ethnicity)
        .bind(&row.religion)
        .bind(current.version + 1)
        .bind(&now)
        .bind(by)
        .bind(seq)
        .bind(&row.doc)
        .bind(id.0)
        .execute(&mut **tx)
        .await
        .map_err(|e| super::conflict_or(e, cccd_conflict(&row)))?;
        sqlx::query("DELETE FROM relatives WHERE person_id = $1").bind(id.0).execute(&mut **tx).await?;
        insert_relatives(tx, id, d).await?;
        write_screen_facts(tx, id, d).await?;
        Ok(PersonRecord {
            version: current.version + 1,
            submitted_at: now,
            submitted_by: by.to_string(),
            status: crate::project::parse_status(row.status)?,
            declaration: d.clone(),
            ..current
        })
    }
}
