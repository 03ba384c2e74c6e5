//! Vetting cases on both backends: the case row, its writes under a version, its history,
//! notes and attachments.

use super::case_notices::insert_notices;
use super::case_requests::{insert_request, update_request};
use super::conclusions::{insert_conclusion, take_number, year_of};
use super::workflow::{CASES, stage};
use super::{SqlStore, corrupt};
use crate::cases::*;
use crate::secrets::{PaperOf, PaperSource, Registered};
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::case::docnum::{DocKind, format_number};
use bvctnb_core::case::{NoteKind, Stage};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{AttachmentId, CaseId, NoteId, OrgId, PersonId, RequestId};
use sqlx::Row;
use sqlx::any::AnyRow;

pub(super) const CASE_COLS: &str = "c.id, c.kind, c.person_id, c.org_id, c.purpose, c.stage, c.stage_since, c.stage_due, \
     c.has_issue, c.pack_version, c.evaluation, c.declaration_version, c.explanation_asked, c.explanation_due, \
     c.opened_on, c.opened_at, c.opened_by, c.closed_on, c.outcome, c.version";

pub(super) fn case_from_row(r: &AnyRow) -> Result<CaseRow> {
    let kind: String = r.try_get("kind")?;
    Ok(CaseRow {
        id: CaseId(r.try_get("id")?),
        kind: CaseKind::from_code(&kind).ok_or_else(|| corrupt("loại hồ sơ", &kind))?,
        person_id: PersonId(r.try_get("person_id")?),
        org_id: OrgId(r.try_get("org_id")?),
        purpose: r.try_get("purpose")?,
        stage: stage::<Stage>(&r.try_get::<String, _>("stage")?)?,
        stage_since: r.try_get("stage_since")?,
        stage_due: r.try_get("stage_due")?,
        has_issue: r.try_get::<i64, _>("has_issue")? != 0,
        pack_version: r.try_get("pack_version")?,
        evaluation: r.try_get("evaluation")?,
        declaration_version: r.try_get("declaration_version")?,
        explanation_asked: r.try_get::<i64, _>("explanation_asked")? != 0,
        explanation_due: r.try_get("explanation_due")?,
        opened_on: r.try_get("opened_on")?,
        opened_at: r.try_get("opened_at")?,
        opened_by: r.try_get("opened_by")?,
        closed_on: r.try_get("closed_on")?,
        outcome: r.try_get("outcome")?,
        version: r.try_get("version")?,
    })
}

/// The advisory lock under which a person's cases are opened (xor the person id).
const OPEN_CASE_LOCK: i64 = 0x0CA5_E000_0000_0000;

#[async_trait]
impl Cases for SqlStore {
    async fn create_case(
        &self,
        c: &NewCase,
        requests: Vec<RequestRow>,
        notices: Vec<(NoticeTo, String)>,
    ) -> Result<CaseRow> {
        let now = super::now();
        let mut tx = self.begin_write().await?;
        // One open case of a kind per person: a second click, or a second officer, finds the
        // first one. The lock makes the check and the insert one step on PostgreSQL too.
        tx.lock(OPEN_CASE_LOCK ^ c.person_id.0).await?;
        let closed: Vec<&str> = Stage::ALL.iter().filter(|s| !s.is_open()).map(|s| s.code()).collect();
        let open: Option<(i64,)> = sqlx::query_as(
            "SELECT id FROM cases WHERE person_id = $1 AND kind = $2 AND stage <> $3 AND stage <> $4 ORDER BY id LIMIT 1",
        )
        .bind(c.person_id.0)
        .bind(c.kind.code())
        .bind(closed[0])
        .bind(closed[1])
        .fetch_optional(&mut *tx)
        .await?;
        if let Some((open,)) = open {
            return Err(StoreError::OpenCase(CaseId(open)));
        }
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO cases (kind, person_id, org_id, purpose, stage, stage_since, stage_due, has_issue,
                pack_version, evaluation, declaration_version, opened_on, opened_at, opened_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
        )
        .bind(c.kind.code())
        .bind(c.person_id.0)
        .bind(c.org_id.0)
        .bind(&c.purpose)
        .bind(Stage::Intake.code())
        .bind(&c.opened_on)
        .bind(&c.stage_due)
        .bind(c.has_issue as i64)
        .bind(&c.pack_version)
        .bind(&c.evaluation)
        .bind(c.declaration_version)
        .bind(&c.opened_on)
        .bind(&now)
        .bind(&c.opened_by)
        .fetch_one(&mut *tx)
        .await?;
        let ev = NewEvent {
            on_date: c.opened_on.clone(),
            actor: c.opened_by.clone(),
            step: "open".into(),
            from_stage: None,
            to_stage: Some(Stage::Intake),
            stage_days: None,
            detail: c.purpose.clone(),
        };
        CASES.add_event(&mut tx, id, &ev, &now).await?;
        for r in &requests {
            insert_request(&mut tx, &RequestRow { case_id: CaseId(id), ..r.clone() }).await?;
        }
        insert_notices(&mut tx, CaseId(id), &now, &notices).await?;
        crate::audit::ambient::created(id);
        tx.commit().await?;
        self.case(CaseId(id)).await?.ok_or(StoreError::NotFound { what: "hồ sơ thẩm tra", id })
    }

    async fn case(&self, id: CaseId) -> Result<Option<CaseRow>> {
        let q = format!("SELECT {CASE_COLS} FROM cases c WHERE c.id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(case_from_row).transpose()
    }

    async fn write_case(&self, mut w: CaseWrite) -> Result<Written> {
        let now = super::now();
        let mut tx = self.begin_write().await?;
        CASES.record.bump(&mut tx, w.case_id.0, w.expected_version).await?;
        let person: (i64,) =
            sqlx::query_as("SELECT person_id FROM cases WHERE id = $1").bind(w.case_id.0).fetch_one(&mut *tx).await?;
        if let Some(s) = &w.state {
            let (eval_version, eval) = s.evaluation.clone().unzip();
            sqlx::query(
                "UPDATE cases SET stage = $2, stage_since = $3, stage_due = $4, has_issue = $5,
                    pack_version = COALESCE($6, pack_version), evaluation = COALESCE($7, evaluation),
                    explanation_asked = $8, explanation_due = $9, closed_on = $10, outcome = $11
                 WHERE id = $1",
            )
            .bind(w.case_id.0)
            .bind(s.stage.code())
            .bind(&s.stage_since)
            .bind(&s.stage_due)
            .bind(s.has_issue as i64)
            .bind(eval_version)
            .bind(eval)
            .bind(s.explanation_asked as i64)
            .bind(&s.explanation_due)
            .bind(&s.closed_on)
            .bind(&s.outcome)
            .execute(&mut *tx)
            .await?;
        }
        let e = &w.event;
        CASES.add_event(&mut tx, w.case_id.0, e, &now).await?;
        for r in &w.new_requests {
            insert_request(&mut tx, &RequestRow { case_id: w.case_id, ..r.clone() }).await?;
        }
        let mut out = Written::default();
        let mut sent_numbers = Vec::new();
        for (r, letter) in &w.request_updates {
            let mut r = r.clone();
            if let Some(n) = letter {
                let year = year_of(r.sent_on.as_deref().unwrap_or(&e.on_date));
                let seq = take_number(&mut tx, n.org, DocKind::Letter, year).await?;
                let number = format_number(seq, DocKind::Letter, &n.body_symbol);
                r.number = Some(number.clone());
                out.letter_numbers.push(number);
            }
            update_request(&mut tx, w.case_id, &r).await?;
            sent_numbers.push((r.id, r.number.clone().unwrap_or_default()));
        }
        if let Some(n) = &w.note {
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO case_notes (case_id, kind, at, on_date, author, author_name, text, number, outcome)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
            )
            .bind(w.case_id.0)
            .bind(n.kind.code())
            .bind(&now)
            .bind(&n.on_date)
            .bind(&n.author)
            .bind(&n.author_name)
            .bind(&n.text)
            .bind(&n.number)
            .bind(&n.outcome)
            .fetch_one(&mut *tx)
            .await?;
            out.note_id = Some(NoteId(id));
        }
        if let Some(c) = &w.conclusion {
            let (id, number) = insert_conclusion(&mut tx, w.case_id, PersonId(person.0), c, &now).await?;
            out.conclusion_id = Some(id);
            out.conclusion_number = Some(number);
        }
        // A file sent with a new note belongs to that note, whose id is known only now.
        if let Some(id) = out.note_id {
            for a in w.attachments.iter_mut().filter(|a| a.owner == "note:new") {
                a.owner = format!("note:{id}");
            }
        }
        CASES.add_files(&mut tx, w.case_id.0, &w.attachments, &w.event.actor, &now).await?;
        insert_notices(&mut tx, w.case_id, &now, &w.notices).await?;
        out.papers = register_papers(&mut tx, &w, &out, &sent_numbers).await?;
        if let Some(b) = &w.baseline {
            super::campaigns::upsert_baseline(&mut tx, PersonId(person.0), b, &now).await?;
        }
        let (version,): (i64,) =
            sqlx::query_as("SELECT version FROM cases WHERE id = $1").bind(w.case_id.0).fetch_one(&mut *tx).await?;
        tx.commit().await?;
        out.version = version;
        Ok(out)
    }

    async fn case_events(&self, id: CaseId) -> Result<Vec<EventRow>> {
        CASES.events(&self.pool, id.0).await
    }

    async fn case_notes(&self, id: CaseId) -> Result<Vec<NoteRow>> {
        let rows = sqlx::query(
            "SELECT id, kind, at, on_date, author, author_name, text, number, outcome
             FROM case_notes WHERE case_id = $1 ORDER BY id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(NoteRow {
                    id: NoteId(r.try_get("id")?),
                    kind: stage::<NoteKind>(&r.try_get::<String, _>("kind")?)?,
                    at: r.try_get("at")?,
                    on_date: r.try_get("on_date")?,
                    author: r.try_get("author")?,
                    author_name: r.try_get("author_name")?,
                    text: r.try_get("text")?,
                    number: r.try_get("number")?,
                    outcome: r.try_get("outcome")?,
                })
            })
            .collect()
    }

    async fn case_attachments(&self, id: CaseId) -> Result<Vec<AttachmentMeta>> {
        CASES.files(&self.pool, id.0).await
    }

    async fn attachment(&self, id: AttachmentId) -> Result<Option<(AttachmentMeta, Vec<u8>)>> {
        CASES.file(&self.pool, id).await
    }
}

/// Enters the secret papers of a case write in their registers, numbered as the write numbered
/// them: a letter by its request's number, a conclusion or its notice by the conclusion's.
async fn register_papers(
    tx: &mut sqlx::AnyConnection,
    w: &CaseWrite,
    out: &Written,
    sent_numbers: &[(RequestId, String)],
) -> Result<Vec<Registered>> {
    let mut lines = Vec::new();
    for p in &w.papers {
        let conclusion = || {
            out.conclusion_id
                .zip(out.conclusion_number.clone())
                .ok_or_else(|| super::secrets::invalid("conclusion", "không có kết luận để vào sổ".into()))
        };
        let mut item = p.item.clone();
        let source = match p.of {
            PaperOf::Letter(r) => {
                if let Some((_, n)) = sent_numbers.iter().find(|(id, _)| *id == r) {
                    item.number_symbol = n.clone();
                }
                PaperSource::Letter(r)
            }
            PaperOf::Answer(r) => PaperSource::Answer(r),
            PaperOf::Conclusion => {
                let (id, number) = conclusion()?;
                item.number_symbol = number;
                PaperSource::Conclusion(id)
            }
            PaperOf::Notice => {
                let (id, number) = conclusion()?;
                item.number_symbol = bvctnb_core::case::docnum::notice_number(&number);
                PaperSource::Notice(id)
            }
        };
        lines.push(SqlStore::register_in(&mut *tx, &item, &p.entry, Some(source)).await?);
    }
    Ok(lines)
}
