//! Trips of members on both backends: the rows, the writes under a version, the history, the
//! papers, the notices to the member and the lists over a scope.

use super::SqlStore;
use super::corrupt;
use super::scope::exclude_sql;
use super::workflow::{TRIPS, stage};
use crate::travel::*;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{AttachmentId, DelegationId, NoticeId, OrgId, PersonId, TripId};
use bvctnb_core::travel::{TripKind, TripStage};
use sqlx::Row;
use sqlx::any::AnyRow;

pub(super) const TRIP_COLS: &str = "t.id, t.kind, t.person_id, t.org_id, t.delegation_id, t.countries, t.depart_on, \
     t.return_on, t.purpose, t.funding, t.visits, t.visits_relatives, t.commitment, t.stage, t.stage_since, \
     t.cell_opinion, t.cell_by, t.cell_on, t.decision_number, t.decided_by, t.decider_name, t.decided_on, \
     t.refusal_reason, t.unapproved, t.reentry_on, t.report_due, t.report_on, t.report_text, t.arrangement, \
     t.filed_on, t.created_by, t.created_at, t.version";
pub(super) fn trip_from_row(r: &AnyRow) -> Result<TripRow> {
    let kind: String = r.try_get("kind")?;
    Ok(TripRow {
        id: TripId(r.try_get("id")?),
        kind: TripKind::from_code(&kind).ok_or_else(|| corrupt("loại chuyến đi", &kind))?,
        person_id: PersonId(r.try_get("person_id")?),
        org_id: OrgId(r.try_get("org_id")?),
        delegation_id: r.try_get::<Option<i64>, _>("delegation_id")?.map(DelegationId),
        countries: r.try_get("countries")?,
        depart_on: r.try_get("depart_on")?,
        return_on: r.try_get("return_on")?,
        purpose: r.try_get("purpose")?,
        funding: r.try_get("funding")?,
        visits: r.try_get("visits")?,
        visits_relatives: r.try_get::<i64, _>("visits_relatives")? != 0,
        commitment: r.try_get("commitment")?,
        stage: stage::<TripStage>(&r.try_get::<String, _>("stage")?)?,
        stage_since: r.try_get("stage_since")?,
        cell_opinion: r.try_get("cell_opinion")?,
        cell_by: r.try_get("cell_by")?,
        cell_on: r.try_get("cell_on")?,
        decision_number: r.try_get("decision_number")?,
        decided_by: r.try_get("decided_by")?,
        decider_name: r.try_get("decider_name")?,
        decided_on: r.try_get("decided_on")?,
        refusal_reason: r.try_get("refusal_reason")?,
        unapproved: r.try_get::<i64, _>("unapproved")? != 0,
        reentry_on: r.try_get("reentry_on")?,
        report_due: r.try_get("report_due")?,
        report_on: r.try_get("report_on")?,
        report_text: r.try_get("report_text")?,
        arrangement: r.try_get("arrangement")?,
        filed_on: r.try_get("filed_on")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
        version: r.try_get("version")?,
    })
}

pub(super) async fn insert_trip(
    tx: &mut sqlx::AnyConnection,
    t: &NewTrip,
    delegation: Option<DelegationId>,
    now: &str,
) -> Result<TripId> {
    let (id,): (i64,) = sqlx::query_as(
        "INSERT INTO trips (kind, person_id, org_id, delegation_id, countries, depart_on, return_on, purpose, funding,
            visits, visits_relatives, commitment, stage, stage_since, unapproved, filed_on, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18) RETURNING id",
    )
    .bind(t.kind.code())
    .bind(t.person_id.0)
    .bind(t.org_id.0)
    .bind(delegation.map(|d| d.0))
    .bind(&t.countries)
    .bind(&t.depart_on)
    .bind(&t.return_on)
    .bind(&t.purpose)
    .bind(&t.funding)
    .bind(&t.visits)
    .bind(t.visits_relatives as i64)
    .bind(&t.commitment)
    .bind(t.stage.code())
    .bind(&t.filed_on)
    .bind(t.unapproved as i64)
    .bind(&t.filed_on)
    .bind(&t.created_by)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    let ev = TripEventIn {
        on_date: t.filed_on.clone(),
        actor: t.created_by.clone(),
        step: "create".into(),
        from_stage: None,
        to_stage: Some(t.stage),
        stage_days: None,
        detail: t.purpose.clone(),
    };
    TRIPS.add_event(tx, id, &ev, now).await?;
    Ok(TripId(id))
}

/// Applies one trip write inside the caller's transaction.
pub(super) async fn apply_trip(tx: &mut sqlx::AnyConnection, w: &TripWrite, now: &str) -> Result<i64> {
    let t = &w.row;
    let moved = sqlx::query(
        "UPDATE trips SET version = version + 1, countries = $3, depart_on = $4, return_on = $5, purpose = $6,
            funding = $7, visits = $8, visits_relatives = $9, commitment = $10, stage = $11, stage_since = $12,
            cell_opinion = $13, cell_by = $14, cell_on = $15, decision_number = $16, decided_by = $17,
            decider_name = $18, decided_on = $19, refusal_reason = $20, unapproved = $21, reentry_on = $22,
            report_due = $23, report_on = $24, report_text = $25, arrangement = $26
         WHERE id = $1 AND version = $2",
    )
    .bind(t.id.0)
    .bind(w.expected_version)
    .bind(&t.countries)
    .bind(&t.depart_on)
    .bind(&t.return_on)
    .bind(&t.purpose)
    .bind(&t.funding)
    .bind(&t.visits)
    .bind(t.visits_relatives as i64)
    .bind(&t.commitment)
    .bind(t.stage.code())
    .bind(&t.stage_since)
    .bind(&t.cell_opinion)
    .bind(&t.cell_by)
    .bind(&t.cell_on)
    .bind(&t.decision_number)
    .bind(&t.decided_by)
    .bind(&t.decider_name)
    .bind(&t.decided_on)
    .bind(&t.refusal_reason)
    .bind(t.unapproved as i64)
    .bind(&t.reentry_on)
    .bind(&t.report_due)
    .bind(&t.report_on)
    .bind(&t.report_text)
    .bind(&t.arrangement)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    TRIPS.record.check(tx, t.id.0, w.expected_version, moved).await?;
    let e = &w.event;
    TRIPS.add_event(tx, t.id.0, e, now).await?;
    TRIPS.add_files(tx, t.id.0, &w.files, &e.actor, now).await?;
    if let Some(text) = &w.notice {
        TRIPS.tell_person(tx, t.id.0, t.person_id, text, now).await?;
    }
    if let Some(due) = &w.passport_due {
        sqlx::query("UPDATE passport_loans SET due_on = $2 WHERE trip_id = $1 AND returned_on IS NULL")
            .bind(t.id.0)
            .bind(due)
            .execute(&mut *tx)
            .await?;
    }
    Ok(w.expected_version + 1)
}

/// `AND …` clauses of a trip filter, binding from `$first` on.
fn trip_filter_sql(f: &TripFilter, first: usize) -> (String, Vec<String>) {
    let mut sql = String::new();
    let mut binds = Vec::new();
    let mut n = first;
    let mut push = |sql: &mut String, clause: String, v: String| {
        sql.push_str(&clause.replace("$?", &format!("${n}")));
        binds.push(v);
        n += 1;
    };
    if let Some(k) = f.kind {
        push(&mut sql, " AND t.kind = $?".into(), k.code().into());
    }
    for (i, s) in f.stages.iter().enumerate() {
        let open = if i == 0 { " AND t.stage IN (" } else { ", " };
        push(&mut sql, format!("{open}$?"), s.code().into());
    }
    if !f.stages.is_empty() {
        sql.push(')');
    }
    if let Some(from) = &f.from {
        push(&mut sql, " AND t.return_on >= $?".into(), from.clone());
    }
    if let Some(to) = &f.to {
        push(&mut sql, " AND t.depart_on <= $?".into(), to.clone());
    }
    if let Some(c) = &f.country {
        push(&mut sql, " AND LOWER(t.countries) LIKE $?".into(), format!("%{}%", c.to_lowercase()));
    }
    if let Some(d) = &f.report_late_on {
        push(&mut sql, " AND t.stage = $?".into(), TripStage::Returned.code().into());
        push(&mut sql, " AND t.report_due < $?".into(), d.clone());
    }
    if let Some(d) = &f.undecided_before {
        push(&mut sql, " AND t.stage IN ($?".into(), TripStage::CellOpinion.code().into());
        push(&mut sql, ", $?)".into(), TripStage::Decision.code().into());
        push(&mut sql, " AND t.depart_on < $?".into(), d.clone());
    }
    sql.push_str(&exclude_sql("t.person_id", &f.exclude));
    (sql, binds)
}

pub(super) fn trip_summary(r: &AnyRow) -> Result<TripSummary> {
    Ok(TripSummary {
        trip: trip_from_row(r)?,
        full_name: r.try_get("full_name")?,
        birth_year: r.try_get::<i64, _>("birth_year")? as i32,
        org_name: r.try_get("org_name")?,
    })
}

#[async_trait]
impl Trips for SqlStore {
    async fn create_trip(&self, t: &NewTrip, files: Vec<NewTripFile>) -> Result<TripRow> {
        let now = super::now();
        let mut tx = self.begin_write().await?;
        let id = insert_trip(&mut tx, t, None, &now).await?;
        TRIPS.add_files(&mut tx, id.0, &files, &t.created_by, &now).await?;
        crate::audit::ambient::created(id);
        tx.commit().await?;
        self.trip(id).await?.ok_or(StoreError::NotFound { what: "chuyến đi", id: id.0 })
    }

    async fn trip(&self, id: TripId) -> Result<Option<TripRow>> {
        let q = format!("SELECT {TRIP_COLS} FROM trips t WHERE t.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(trip_from_row).transpose()
    }

    async fn write_trip(&self, w: TripWrite) -> Result<i64> {
        let now = super::now();
        let mut tx = self.begin_write().await?;
        let v = apply_trip(&mut tx, &w, &now).await?;
        tx.commit().await?;
        Ok(v)
    }

    async fn trip_events(&self, id: TripId) -> Result<Vec<TripEvent>> {
        TRIPS.events(&self.pool, id.0).await
    }

    async fn trip_files(&self, id: TripId) -> Result<Vec<TripFile>> {
        TRIPS.files(&self.pool, id.0).await
    }

    async fn trip_file(&self, id: AttachmentId) -> Result<Option<(TripFile, Vec<u8>)>> {
        TRIPS.file(&self.pool, id).await
    }

    async fn trips_of_person(&self, person: PersonId) -> Result<Vec<TripRow>> {
        let q = format!("SELECT {TRIP_COLS} FROM trips t WHERE t.person_id = $1 ORDER BY t.depart_on DESC, t.id DESC");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(person.0).fetch_all(&self.pool).await?;
        rows.iter().map(trip_from_row).collect()
    }

    async fn trips_of_persons(&self, first: PersonId, last: PersonId) -> Result<Vec<TripRow>> {
        let q =
            format!("SELECT {TRIP_COLS} FROM trips t WHERE t.person_id BETWEEN $1 AND $2 ORDER BY t.person_id, t.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(first.0).bind(last.0).fetch_all(&self.pool).await?;
        rows.iter().map(trip_from_row).collect()
    }

    async fn trip_notices(&self, person: PersonId, limit: i64) -> Result<Vec<TripNotice>> {
        let rows: Vec<(i64, i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, trip_id, at, text, read_at FROM trip_notices WHERE person_id = $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(person.0)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, trip, at, text, read)| TripNotice {
                id: NoticeId(id),
                record: TripId(trip),
                at,
                text,
                read: read.is_some(),
            })
            .collect())
    }

    async fn mark_trip_notices_read(&self, person: PersonId, ids: &[NoticeId]) -> Result<()> {
        let now = super::now();
        let mut tx = self.begin_write().await?;
        for id in ids {
            sqlx::query("UPDATE trip_notices SET read_at = $3 WHERE id = $1 AND person_id = $2 AND read_at IS NULL")
                .bind(id.0)
                .bind(person.0)
                .bind(&now)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn trips_in_scope(&self, org: OrgId, f: &TripFilter, limit: i64) -> Result<Vec<TripSummary>> {
        let like = self.scope_like(org).await?;
        let (extra, binds) = trip_filter_sql(f, 3);
        let q = format!(
            "SELECT {TRIP_COLS}, p.full_name, p.birth_year, o.name AS org_name FROM trips t
             JOIN persons p ON p.id = t.person_id JOIN orgs o ON o.id = t.org_id
             WHERE t.org_id IN (SELECT id FROM orgs WHERE path LIKE $1){extra}
             ORDER BY t.depart_on DESC, t.id DESC LIMIT $2"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q)).bind(like).bind(limit);
        for b in binds {
            query = query.bind(b);
        }
        query.fetch_all(&self.pool).await?.iter().map(trip_summary).collect()
    }

    async fn count_trips(&self, org: OrgId, f: &TripFilter) -> Result<i64> {
        let like = self.scope_like(org).await?;
        let (extra, binds) = trip_filter_sql(f, 2);
        let q =
            format!("SELECT COUNT(*) FROM trips t WHERE t.org_id IN (SELECT id FROM orgs WHERE path LIKE $1){extra}");
        let mut query = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(q)).bind(like);
        for b in binds {
            query = query.bind(b);
        }
        Ok(query.fetch_one(&self.pool).await?.0)
    }
}
