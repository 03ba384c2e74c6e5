//! Requests for verification sent by a case to other bodies: written inside the case's
//! write, listed per case and, when past due, over a scope.

use super::{SqlStore, corrupt};
use crate::cases::*;
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::case::verify::{CarrierMode, RequestStatus};
use bvctnb_core::ids::{CaseId, OrgId, PersonId, RequestId};
use sqlx::Row;
use sqlx::any::AnyRow;

const REQ_COLS: &str = "id, case_id, person_ref, person_label, place, body, channel, points, status, reason, number, \
     sent_on, carrier_mode, carrier_name, carrier_person, due_on, answered_on, answer_ref, answer_signer, answers, \
     created_by";
fn request_from_row(r: &AnyRow) -> Result<RequestRow> {
    let status: String = r.try_get("status")?;
    let mode: Option<String> = r.try_get("carrier_mode")?;
    Ok(RequestRow {
        id: RequestId(r.try_get("id")?),
        case_id: CaseId(r.try_get("case_id")?),
        person_ref: r.try_get("person_ref")?,
        person_label: r.try_get("person_label")?,
        place: r.try_get("place")?,
        body: r.try_get("body")?,
        channel: r.try_get("channel")?,
        points: r.try_get("points")?,
        status: RequestStatus::from_code(&status).ok_or_else(|| corrupt("trạng thái đề nghị", &status))?,
        reason: r.try_get("reason")?,
        number: r.try_get("number")?,
        sent_on: r.try_get("sent_on")?,
        carrier_mode: mode
            .map(|m| CarrierMode::from_code(&m).ok_or_else(|| corrupt("cách chuyển công văn", &m)))
            .transpose()?,
        carrier_name: r.try_get("carrier_name")?,
        carrier_person: r.try_get::<Option<i64>, _>("carrier_person")?.map(PersonId),
        due_on: r.try_get("due_on")?,
        answered_on: r.try_get("answered_on")?,
        answer_ref: r.try_get("answer_ref")?,
        answer_signer: r.try_get("answer_signer")?,
        answers: r.try_get("answers")?,
        created_by: r.try_get("created_by")?,
    })
}

pub(super) async fn insert_request(tx: &mut sqlx::AnyConnection, r: &RequestRow) -> Result<()> {
    sqlx::query(
        "INSERT INTO case_requests (case_id, person_ref, person_label, place, body, channel, points, status, reason,
            number, sent_on, carrier_mode, carrier_name, carrier_person, due_on, answered_on, answer_ref,
            answer_signer, answers, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)",
    )
    .bind(r.case_id.0)
    .bind(&r.person_ref)
    .bind(&r.person_label)
    .bind(&r.place)
    .bind(&r.body)
    .bind(&r.channel)
    .bind(&r.points)
    .bind(r.status.code())
    .bind(&r.reason)
    .bind(&r.number)
    .bind(&r.sent_on)
    .bind(r.carrier_mode.map(|m| m.code()))
    .bind(&r.carrier_name)
    .bind(r.carrier_person.map(|p| p.0))
    .bind(&r.due_on)
    .bind(&r.answered_on)
    .bind(&r.answer_ref)
    .bind(&r.answer_signer)
    .bind(&r.answers)
    .bind(&r.created_by)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Rewrites a request of the case inside the caller's write.
pub(super) async fn update_request(tx: &mut sqlx::AnyConnection, case: CaseId, r: &RequestRow) -> Result<()> {
    let done = sqlx::query(
        "UPDATE case_requests SET place = $3, body = $4, channel = $5, points = $6, status = $7, reason = $8,
            number = $9, sent_on = $10, carrier_mode = $11, carrier_name = $12, carrier_person = $13,
            due_on = $14, answered_on = $15, answer_ref = $16, answer_signer = $17, answers = $18
         WHERE id = $1 AND case_id = $2",
    )
    .bind(r.id.0)
    .bind(case.0)
    .bind(&r.place)
    .bind(&r.body)
    .bind(&r.channel)
    .bind(&r.points)
    .bind(r.status.code())
    .bind(&r.reason)
    .bind(&r.number)
    .bind(&r.sent_on)
    .bind(r.carrier_mode.map(|m| m.code()))
    .bind(&r.carrier_name)
    .bind(r.carrier_person.map(|p| p.0))
    .bind(&r.due_on)
    .bind(&r.answered_on)
    .bind(&r.answer_ref)
    .bind(&r.answer_signer)
    .bind(&r.answers)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done != 1 {
        return Err(StoreError::NotFound { what: "đề nghị thẩm tra", id: r.id.0 });
    }
    Ok(())
}

#[async_trait]
impl CaseRequests for SqlStore {
    async fn case_requests(&self, id: CaseId) -> Result<Vec<RequestRow>> {
        let q = format!("SELECT {REQ_COLS} FROM case_requests WHERE case_id = $1 ORDER BY id");
        let rows = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_all(&self.pool).await?;
        rows.iter().map(request_from_row).collect()
    }

    async fn overdue_requests(&self, org: OrgId, today: &str, limit: i64) -> Result<Vec<OverdueRequest>> {
        let like = self.scope_like(org).await?;
        let cols = REQ_COLS.split(", ").map(|c| format!("r.{c}")).collect::<Vec<_>>().join(", ");
        let q = format!(
            "SELECT {cols}, c.person_id, p.full_name FROM case_requests r
             JOIN cases c ON c.id = r.case_id JOIN persons p ON p.id = c.person_id
             WHERE c.org_id IN (SELECT id FROM orgs WHERE path LIKE $1) AND r.due_on < $2 AND r.status = $3
             ORDER BY r.due_on, r.id LIMIT $4"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(q))
            .bind(like)
            .bind(today)
            .bind(RequestStatus::Sent.code())
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(OverdueRequest {
                    request: request_from_row(r)?,
                    person_id: PersonId(r.try_get("person_id")?),
                    full_name: r.try_get("full_name")?,
                })
            })
            .collect()
    }

    async fn count_overdue_requests(&self, org: OrgId, today: &str) -> Result<i64> {
        let like = self.scope_like(org).await?;
        let (n,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM case_requests r JOIN cases c ON c.id = r.case_id
             WHERE c.org_id IN (SELECT id FROM orgs WHERE path LIKE $1) AND r.due_on < $2 AND r.status = $3",
        )
        .bind(like)
        .bind(today)
        .bind(RequestStatus::Sent.code())
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }
}
