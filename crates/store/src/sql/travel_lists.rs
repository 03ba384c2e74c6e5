//! Travel registers over a scope (trips, delegations, passports, foreign relations), each
//! bounded by the subtree's path in the query, and the `Travel` trait for the SQL store.

use super::SqlStore;
use super::cases::corrupt;
use super::travel::{DELEGATION_COLS, TRIP_COLS, delegation_from_row, trip_from_row};
use crate::travel::*;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::ids::{OrgId, PersonId};
use bvctnb_core::travel::PassportKind;
use sqlx::Row;
use sqlx::any::AnyRow;

/// Ids are integers of our own: inlined, so the placeholders stay in order.
fn exclude_sql(col: &str, exclude: &[PersonId]) -> String {
    if exclude.is_empty() {
        return String::new();
    }
    let ids: Vec<String> = exclude.iter().map(|p| p.0.to_string()).collect();
    format!(" AND {col} NOT IN ({})", ids.join(", "))
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
    if let Some(s) = f.stage {
        push(&mut sql, " AND t.stage = $?".into(), s.code().into());
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
        push(&mut sql, " AND t.stage = 'returned' AND t.report_due < $?".into(), d.clone());
    }
    if let Some(d) = &f.undecided_before {
        push(&mut sql, " AND t.stage IN ('cell_opinion', 'decision') AND t.depart_on < $?".into(), d.clone());
    }
    sql.push_str(&exclude_sql("t.person_id", &f.exclude));
    (sql, binds)
}

fn loan_from_row(r: &AnyRow, prefix: &str) -> Result<LoanRow> {
    let col = |c: &str| format!("{prefix}{c}");
    Ok(LoanRow {
        id: r.try_get(col("id").as_str())?,
        passport_id: r.try_get(col("passport_id").as_str())?,
        trip_id: r.try_get(col("trip_id").as_str())?,
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
        id: r.try_get("id")?,
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

const REL_COLS: &str = "r.id, r.person_id, r.kind, r.supersedes, r.current, r.declared_on, r.name, r.relation, \
     r.birth_year, r.country, r.since, r.occupation, r.nationality, r.details, r.ended, r.needs_approval, r.decision, \
     r.decided_by, r.decider_name, r.decided_on, r.decision_reason, r.recorded_by, r.recorded_at";

fn relation_from_row(r: &AnyRow) -> Result<RelationRow> {
    Ok(RelationRow {
        id: r.try_get("id")?,
        person_id: PersonId(r.try_get("person_id")?),
        kind: r.try_get("kind")?,
        supersedes: r.try_get("supersedes")?,
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
        decision: r.try_get("decision")?,
        decided_by: r.try_get("decided_by")?,
        decider_name: r.try_get("decider_name")?,
        decided_on: r.try_get("decided_on")?,
        decision_reason: r.try_get("decision_reason")?,
        recorded_by: r.try_get("recorded_by")?,
        recorded_at: r.try_get("recorded_at")?,
    })
}

fn trip_summary(r: &AnyRow) -> Result<TripSummary> {
    Ok(TripSummary {
        trip: trip_from_row(r)?,
        full_name: r.try_get("full_name")?,
        birth_year: r.try_get::<i64, _>("birth_year")? as i32,
        org_name: r.try_get("org_name")?,
    })
}

impl SqlStore {
    async fn trips_in_scope_impl(&self, org: OrgId, f: &TripFilter, limit: i64) -> Result<Vec<TripSummary>> {
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

    async fn count_trips_impl(&self, org: OrgId, f: &TripFilter) -> Result<i64> {
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

    async fn passports_in_scope_impl(
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

    async fn hand_out_impl(&self, passport: i64, trip: i64, on: &str, by: &str) -> Result<i64> {
        let mut tx = self.pool.begin().await?;
        let open: Option<(i64,)> =
            sqlx::query_as("SELECT id FROM passport_loans WHERE passport_id = $1 AND returned_on IS NULL")
                .bind(passport)
                .fetch_optional(&mut *tx)
                .await?;
        if open.is_some() {
            return Err(StoreError::Conflict("hộ chiếu đang được giao, chưa nộp lại".into()));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO passport_loans (passport_id, trip_id, handed_on, handed_by) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(passport)
        .bind(trip)
        .bind(on)
        .bind(by)
        .fetch_one(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn relations_in_scope_impl(
        &self,
        org: OrgId,
        f: &RelationFilter,
        limit: i64,
    ) -> Result<Vec<RelationSummary>> {
        let like = self.scope_like(org).await?;
        let mut extra = exclude_sql("r.person_id", &f.exclude);
        let mut binds = Vec::new();
        if !f.kinds.is_empty() {
            let marks: Vec<String> = (0..f.kinds.len()).map(|i| format!("${}", 3 + i)).collect();
            extra.push_str(&format!(" AND r.kind IN ({})", marks.join(", ")));
            binds.extend(f.kinds.iter().cloned());
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

#[async_trait]
impl Travel for SqlStore {
    async fn create_trip(&self, t: &NewTrip, files: Vec<NewTripFile>) -> Result<TripRow> {
        self.create_trip_impl(t, files).await
    }

    async fn trip(&self, id: i64) -> Result<Option<TripRow>> {
        self.trip_impl(id).await
    }

    async fn write_trip(&self, w: TripWrite) -> Result<i64> {
        self.write_trip_impl(w).await
    }

    async fn trip_events(&self, id: i64) -> Result<Vec<TripEvent>> {
        self.trip_events_impl(id).await
    }

    async fn trip_files(&self, id: i64) -> Result<Vec<TripFile>> {
        self.trip_files_impl(id).await
    }

    async fn trip_file(&self, id: i64) -> Result<Option<(TripFile, Vec<u8>)>> {
        self.trip_file_impl(id).await
    }

    async fn trips_of_person(&self, person: PersonId) -> Result<Vec<TripRow>> {
        self.trips_of_person_impl(person).await
    }

    async fn trips_in_scope(&self, org: OrgId, f: &TripFilter, limit: i64) -> Result<Vec<TripSummary>> {
        self.trips_in_scope_impl(org, f, limit).await
    }

    async fn count_trips(&self, org: OrgId, f: &TripFilter) -> Result<i64> {
        self.count_trips_impl(org, f).await
    }

    async fn trip_notices(&self, person: PersonId, limit: i64) -> Result<Vec<TripNotice>> {
        self.trip_notices_impl(person, limit).await
    }

    async fn mark_trip_notices_read(&self, person: PersonId, ids: &[i64]) -> Result<()> {
        self.mark_trip_notices_read_impl(person, ids).await
    }

    async fn create_delegation(&self, d: &NewDelegation, members: Vec<NewTrip>) -> Result<DelegationRow> {
        self.create_delegation_impl(d, members).await
    }

    async fn delegation(&self, id: i64) -> Result<Option<DelegationRow>> {
        self.delegation_impl(id).await
    }

    async fn write_delegation(&self, w: DelegationWrite) -> Result<i64> {
        self.write_delegation_impl(w).await
    }

    async fn delegation_trips(&self, id: i64) -> Result<Vec<TripSummary>> {
        let q = format!(
            "SELECT {TRIP_COLS}, p.full_name, p.birth_year, o.name AS org_name FROM trips t
             JOIN persons p ON p.id = t.person_id JOIN orgs o ON o.id = t.org_id
             WHERE t.delegation_id = $1 ORDER BY t.id"
        );
        sqlx::query(sqlx::AssertSqlSafe(q)).bind(id).fetch_all(&self.pool).await?.iter().map(trip_summary).collect()
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

    async fn add_passport(&self, p: &NewPassport) -> Result<i64> {
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
        .fetch_one(&self.pool)
        .await
        .map_err(|e| super::conflict_or(e, || format!("số hộ chiếu {} đã có trong sổ", p.number)))?;
        Ok(id)
    }

    async fn passport(&self, id: i64) -> Result<Option<PassportRow>> {
        let q = format!("{PASSPORT_SELECT} WHERE x.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(passport_from_row).transpose()
    }

    async fn passports_of_person(&self, person: PersonId) -> Result<Vec<PassportRow>> {
        let q = format!("{PASSPORT_SELECT} WHERE x.person_id = $1 ORDER BY x.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(person.0).fetch_all(&self.pool).await?;
        rows.iter().map(passport_from_row).collect()
    }

    async fn passports_in_scope(
        &self,
        org: OrgId,
        overdue_on: Option<&str>,
        exclude: &[PersonId],
        limit: i64,
    ) -> Result<Vec<PassportRow>> {
        self.passports_in_scope_impl(org, overdue_on, exclude, limit).await
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

    async fn hand_out_passport(&self, passport: i64, trip: i64, on: &str, by: &str) -> Result<i64> {
        self.hand_out_impl(passport, trip, on, by).await
    }

    async fn take_back_passport(&self, passport: i64, on: &str, by: &str) -> Result<()> {
        let done = sqlx::query(
            "UPDATE passport_loans SET returned_on = $2, received_by = $3 WHERE passport_id = $1 AND returned_on IS NULL",
        )
        .bind(passport)
        .bind(on)
        .bind(by)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if done != 1 {
            return Err(StoreError::Conflict("hộ chiếu đang ở cơ quan quản lý, không có lần giao nào chưa nộp".into()));
        }
        Ok(())
    }

    async fn passport_loans(&self, passport: i64) -> Result<Vec<LoanRow>> {
        let rows = sqlx::query("SELECT * FROM passport_loans WHERE passport_id = $1 ORDER BY id")
            .bind(passport)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| loan_from_row(r, "")).collect()
    }

    async fn loans_of_trip(&self, trip: i64) -> Result<Vec<LoanRow>> {
        let rows = sqlx::query("SELECT * FROM passport_loans WHERE trip_id = $1 ORDER BY id")
            .bind(trip)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(|r| loan_from_row(r, "")).collect()
    }

    async fn declare_relation(&self, r: &RelationRow) -> Result<i64> {
        let mut tx = self.pool.begin().await?;
        if let Some(old) = r.supersedes {
            let done = sqlx::query(
                "UPDATE foreign_relations SET current = 0 WHERE id = $1 AND person_id = $2 AND current = 1",
            )
            .bind(old)
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
        .bind(&r.kind)
        .bind(r.supersedes)
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
        tx.commit().await?;
        Ok(id)
    }

    async fn relation(&self, id: i64) -> Result<Option<RelationRow>> {
        let q = format!("SELECT {REL_COLS} FROM foreign_relations r WHERE r.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id).fetch_optional(&self.pool).await?;
        row.as_ref().map(relation_from_row).transpose()
    }

    async fn decide_relation(
        &self,
        id: i64,
        decision: &str,
        by: &str,
        name: &str,
        on: &str,
        reason: &str,
    ) -> Result<()> {
        let done = sqlx::query(
            "UPDATE foreign_relations SET decision = $2, decided_by = $3, decider_name = $4, decided_on = $5,
                decision_reason = $6
             WHERE id = $1 AND needs_approval = 1 AND decision IS NULL AND current = 1",
        )
        .bind(id)
        .bind(decision)
        .bind(by)
        .bind(name)
        .bind(on)
        .bind(reason)
        .execute(&self.pool)
        .await?
        .rows_affected();
        if done != 1 {
            return Err(StoreError::Conflict("bản khai không chờ quyết định (đã quyết định hoặc đã được thay)".into()));
        }
        Ok(())
    }

    async fn relations_of_person(&self, person: PersonId) -> Result<Vec<RelationRow>> {
        let q = format!("SELECT {REL_COLS} FROM foreign_relations r WHERE r.person_id = $1 ORDER BY r.id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(person.0).fetch_all(&self.pool).await?;
        rows.iter().map(relation_from_row).collect()
    }

    async fn relations_in_scope(&self, org: OrgId, f: &RelationFilter, limit: i64) -> Result<Vec<RelationSummary>> {
        self.relations_in_scope_impl(org, f, limit).await
    }
}
