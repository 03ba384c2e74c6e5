//! The passport custody register on both backends: passports, and who holds each one when
//! it is out for a trip.

use super::SqlStore;
use super::corrupt;
use super::scope::exclude_sql;
use crate::travel::*;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{OrgId, PassportId, PersonId, TripId};
use bvctnb_core::travel::PassportKind;
use sqlx::Row;
use sqlx::any::AnyRow;

fn loan_from_row(r: &AnyRow, prefix: &str) -> Result<LoanRow> {
    let col = |c: &str| format!("{prefix}{c}");
    Ok(LoanRow {
        id: r.try_get(col("id").as_str())?,
        passport_id: PassportId(r.try_get(col("passport_id").as_str())?),
        trip_id: TripId(r.try_get(col("trip_id").as_str())?),
        handed_on: r.try_get(col("handed_on").as_str())?,
        handed_by: r.try_get(col("handed_by").as_str())?,
        due_on: r.try_get(col("due_on").as_str())?,
        returned_on: r.try_get(col("returned_on").as_str())?,
        received_by: r.try_get(col("received_by").as_str())?,
    })
}

const PASSPORT_SELECT: &str = "SELECT x.id, x.person_id, p.full_name, x.org_id, x.kind, x.number, x.issued_on, \
     x.expires_on, l.id AS l_id, l.passport_id AS l_passport_id, l.trip_id AS l_trip_id, l.handed_on AS l_handed_on, \
     l.handed_by AS l_handed_by, l.due_on AS l_due_on, l.returned_on AS l_returned_on, l.received_by AS l_received_by \
     FROM passports x JOIN persons p ON p.id = x.person_id \
     LEFT JOIN passport_loans l ON l.passport_id = x.id AND l.returned_on IS NULL";

fn passport_from_row(r: &AnyRow) -> Result<PassportRow> {
    let kind: String = r.try_get("kind")?;
    let out = match r.try_get::<Option<i64>, _>("l_id")? {
        Some(_) => Some(loan_from_row(r, "l_")?),
        None => None,
    };
    Ok(PassportRow {
        id: PassportId(r.try_get("id")?),
        person_id: PersonId(r.try_get("person_id")?),
        full_name: r.try_get("full_name")?,
        org_id: OrgId(r.try_get("org_id")?),
        kind: PassportKind::from_code(&kind).ok_or_else(|| corrupt("loại hộ chiếu", &kind))?,
        number: r.try_get("number")?,
        issued_on: r.try_get("issued_on")?,
        expires_on: r.try_get("expires_on")?,
        out,
    })
}

#[async_trait]
impl Passports for SqlStore {
    async fn add_passport(&self, p: &NewPassport) -> Result<PassportId> {
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO passports (person_id, org_id, kind, number, issued_on, expires_on, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(p.person_id.0)
        .bind(p.org_id.0)
        .bind(p.kind.code())
        .bind(&p.number)
        .bind(&p.issued_on)
        .bind(&p.expires_on)
        .bind(&p.created_by)
        .bind(super::now())
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| super::conflict_or(e, || format!("số hộ chiếu {} đã có trong sổ", p.number)))?;
        crate::audit::ambient::created(id);
        tx.commit().await?;
        Ok(PassportId(id))
    }

    async fn passport(&self, id: PassportId) -> Result<Option<PassportRow>> {
        let q = format!("{PASSPORT_SELECT} WHERE x.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(passport_from_row).transpose()
    }

    async fn passports_of_person(&self, person: PersonId) -> Result<Vec<PassportRow>> {
        let q = format!("{PASSPORT_SELECT} WHERE x.person_id = $1 ORDER BY x.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(person.0).fetch_all(&self.pool).await?;
        rows.iter().map(passport_from_row).collect()
    }

    async fn passports_of_persons(&self, first: PersonId, last: PersonId) -> Result<Vec<PassportRow>> {
        let q = format!("{PASSPORT_SELECT} WHERE x.person_id BETWEEN $1 AND $2 ORDER BY x.person_id, x.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(first.0).bind(last.0).fetch_all(&self.pool).await?;
        rows.iter().map(passport_from_row).collect()
    }

    async fn passports_in_scope(
        &self,
        org: OrgId,
        overdue_on: Option<&str>,
        exclude: &[PersonId],
        limit: i64,
    ) -> Result<Vec<PassportRow>> {
        let like = self.scope_like(org).await?;
        let overdue = if overdue_on.is_some() { " AND l.due_on < $3" } else { "" };
        let q = format!(
            "{PASSPORT_SELECT} WHERE x.org_id IN (SELECT id FROM orgs WHERE path LIKE $1){overdue}{}
             ORDER BY p.full_name, x.id LIMIT $2",
            exclude_sql("x.person_id", exclude)
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q)).bind(like).bind(limit);
        if let Some(d) = overdue_on {
            query = query.bind(d.to_string());
        }
        query.fetch_all(&self.pool).await?.iter().map(passport_from_row).collect()
    }

    async fn count_passports_overdue(&self, org: OrgId, on: &str) -> Result<i64> {
        let like = self.scope_like(org).await?;
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM passport_loans l JOIN passports x ON x.id = l.passport_id
             WHERE l.returned_on IS NULL AND l.due_on < $2 AND x.org_id IN (SELECT id FROM orgs WHERE path LIKE $1)",
        )
        .bind(like)
        .bind(on)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    async fn hand_out_passport(&self, passport: PassportId, trip: TripId, on: &str, by: &str) -> Result<i64> {
        let mut tx = self.begin_write().await?;
        let open: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM passport_loans WHERE passport_id = $1 AND returned_on IS NULL")
                .bind(passport.0)
                .fetch_optional(&mut *tx)
                .await?;
        if open.is_some() {
            return Err(StoreError::Conflict("hộ chiếu đang được giao, chưa nộp lại".into()));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO passport_loans (passport_id, trip_id, handed_on, handed_by) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(passport.0)
        .bind(trip.0)
        .bind(on)
        .bind(by)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn take_back_passport(&self, passport: PassportId, on: &str, by: &str) -> Result<()> {
        let mut tx = self.begin_write().await?;
        let done = sqlx::query(
            "UPDATE passport_loans SET returned_on = $2, received_by = $3 WHERE passport_id = $1 AND returned_on IS NULL",
        )
        .bind(passport.0)
        .bind(on)
        .bind(by)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done != 1 {
            return Err(StoreError::Conflict("hộ chiếu đang ở cơ quan quản lý, không có lần giao nào chưa nộp".into()));
        }
        tx.commit().await
    }

    async fn passport_loans(&self, passport: PassportId) -> Result<Vec<LoanRow>> {
        let rows = sqlx::query("SELECT * FROM passport_loans WHERE passport_id = $1 ORDER BY id")
            .bind(passport.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| loan_from_row(r, "")).collect()
    }

    async fn loans_of_trip(&self, trip: TripId) -> Result<Vec<LoanRow>> {
        let rows = sqlx::query("SELECT * FROM passport_loans WHERE trip_id = $1 ORDER BY id")
            .bind(trip.0)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| loan_from_row(r, "")).collect()
    }
}
