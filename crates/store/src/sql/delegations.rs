//! Official delegations on both backends: the delegation and its members' trips, created
//! and changed together.

use super::SqlStore;
use super::trips::{TRIP_COLS, apply_trip, insert_trip, trip_summary};
use super::workflow::DELEGATIONS;
use crate::travel::*;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{DelegationId, OrgId, PersonId};
use sqlx::Row;
use sqlx::any::AnyRow;

const DELEGATION_COLS: &str = "d.id, d.org_id, d.decision_number, d.decided_on, d.decided_by, d.leader_id, \
     p.full_name AS leader_name, d.countries, d.depart_on, d.return_on, d.purpose, d.funding, d.arrangement, \
     d.reentry_on, d.report_on, d.report_text, d.created_by, d.created_at, d.version";
fn delegation_from_row(r: &AnyRow) -> Result<DelegationRow> {
    Ok(DelegationRow {
        id: DelegationId(r.try_get("id")?),
        org_id: OrgId(r.try_get("org_id")?),
        decision_number: r.try_get("decision_number")?,
        decided_on: r.try_get("decided_on")?,
        decided_by: r.try_get("decided_by")?,
        leader_id: PersonId(r.try_get("leader_id")?),
        leader_name: r.try_get("leader_name")?,
        countries: r.try_get("countries")?,
        depart_on: r.try_get("depart_on")?,
        return_on: r.try_get("return_on")?,
        purpose: r.try_get("purpose")?,
        funding: r.try_get("funding")?,
        arrangement: r.try_get("arrangement")?,
        reentry_on: r.try_get("reentry_on")?,
        report_on: r.try_get("report_on")?,
        report_text: r.try_get("report_text")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        version: r.try_get("version")?,
    })
}

#[async_trait]
impl Delegations for SqlStore {
    async fn create_delegation(&self, d: &NewDelegation, members: Vec<NewTrip>) -> Result<DelegationRow> {
        let now = super::now();
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO delegations (org_id, decision_number, decided_on, decided_by, leader_id, countries, depart_on,
                return_on, purpose, funding, arrangement, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
        )
        .bind(d.org_id.0)
        .bind(&d.decision_number)
        .bind(&d.decided_on)
        .bind(&d.decided_by)
        .bind(d.leader_id.0)
        .bind(&d.countries)
        .bind(&d.depart_on)
        .bind(&d.return_on)
        .bind(&d.purpose)
        .bind(&d.funding)
        .bind(&d.arrangement)
        .bind(&d.created_by)
        .bind(&now)
        .fetch_one(&mut *tx)
        .await?;
        for m in &members {
            let trip = insert_trip(&mut tx, m, Some(DelegationId(id)), &now).await?;
            sqlx::query(
                "UPDATE trips SET decision_number = $2, decided_by = $3, decided_on = $4, arrangement = $5
                 WHERE id = $1",
            )
            .bind(trip.0)
            .bind(&d.decision_number)
            .bind(&d.decided_by)
            .bind(&d.decided_on)
            .bind(&d.arrangement)
            .execute(&mut *tx)
            .await?;
        }
        crate::audit::ambient::created(id);
        tx.commit().await?;
        self.delegation(DelegationId(id)).await?.ok_or(StoreError::NotFound { what: "đoàn ra", id })
    }

    async fn delegation(&self, id: DelegationId) -> Result<Option<DelegationRow>> {
        let q =
            format!("SELECT {DELEGATION_COLS} FROM delegations d JOIN persons p ON p.id = d.leader_id WHERE d.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(delegation_from_row).transpose()
    }

    async fn write_delegation(&self, w: DelegationWrite) -> Result<i64> {
        let now = super::now();
        let d = &w.row;
        let mut tx = self.begin_write().await?;
        let moved = sqlx::query(
            "UPDATE delegations SET version = version + 1, arrangement = $3, reentry_on = $4, report_on = $5,
                report_text = $6
             WHERE id = $1 AND version = $2",
        )
        .bind(d.id.0)
        .bind(w.expected_version)
        .bind(&d.arrangement)
        .bind(&d.reentry_on)
        .bind(&d.report_on)
        .bind(&d.report_text)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        DELEGATIONS.check(&mut tx, d.id.0, w.expected_version, moved).await?;
        for t in &w.trips {
            apply_trip(&mut tx, t, &now).await?;
        }
        tx.commit().await?;
        Ok(w.expected_version + 1)
    }

    async fn delegation_trips(&self, id: DelegationId) -> Result<Vec<TripSummary>> {
        let q = format!(
            "SELECT {TRIP_COLS}, p.full_name, p.birth_year, o.name AS org_name FROM trips t
             JOIN persons p ON p.id = t.person_id JOIN orgs o ON o.id = t.org_id
             WHERE t.delegation_id = $1 ORDER BY t.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_all(&self.pool).await?.iter().map(trip_summary).collect()
    }

    async fn delegations_in_scope(&self, org: OrgId, limit: i64) -> Result<Vec<DelegationRow>> {
        let like = self.scope_like(org).await?;
        let q = format!(
            "SELECT {DELEGATION_COLS} FROM delegations d JOIN persons p ON p.id = d.leader_id
             WHERE d.org_id IN (SELECT id FROM orgs WHERE path LIKE $1) ORDER BY d.depart_on DESC, d.id DESC LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(like).bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(delegation_from_row).collect()
    }
}
