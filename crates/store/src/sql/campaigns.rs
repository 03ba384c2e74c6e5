//! Review campaigns on both backends.

use super::SqlStore;
use crate::campaigns::{
    Campaign, CampaignResult, CampaignStatus, Campaigns, Candidate, Change, NewCampaign, OrgTally, ResultRow,
};
use crate::{Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::ids::{CampaignId, OrgId, PersonId};
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use sqlx::Row;
use sqlx::any::AnyRow;

const COLS: &str = "id, pack_id, pack_version, case_kind, scope_org, started_by, started_at, finished_at, status, \
                    cursor, total, processed, flagged, error, scope_persons";
const CANDIDATE_BATCH: i64 = 2000;

fn campaign_from_row(r: &AnyRow) -> Result<Campaign> {
    let status: String = r.try_get("status")?;
    Ok(Campaign {
        id: CampaignId(r.try_get("id")?),
        pack_id: r.try_get("pack_id")?,
        pack_version: r.try_get("pack_version")?,
        case_kind: {
            let k: String = r.try_get("case_kind")?;
            CaseKind::from_code(&k).ok_or_else(|| super::corrupt("loại việc của đợt rà soát", &k))?
        },
        scope_org: OrgId(r.try_get("scope_org")?),
        started_by: r.try_get("started_by")?,
        started_at: r.try_get("started_at")?,
        finished_at: r.try_get("finished_at")?,
        scope_persons: r.try_get("scope_persons")?,
        status: CampaignStatus::from_code(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("trạng thái đợt rà soát không rõ: {status}")))?,
        cursor: r.try_get("cursor")?,
        total: r.try_get("total")?,
        processed: r.try_get("processed")?,
        flagged: r.try_get("flagged")?,
        error: r.try_get("error")?,
    })
}

fn result_from_row(r: &AnyRow) -> Result<CampaignResult> {
    let change: String = r.try_get("change")?;
    Ok(CampaignResult {
        person_id: PersonId(r.try_get("person_id")?),
        org_id: OrgId(r.try_get("org_id")?),
        change: Change::from_code(&change)
            .ok_or_else(|| StoreError::Corrupt(format!("loại thay đổi không rõ: {change}")))?,
        severity: r.try_get("severity")?,
        fingerprint: r.try_get("fingerprint")?,
        findings: r.try_get("findings")?,
    })
}

/// The ids of candidates after `$1` (and under the subtree `$2` unless `whole`), in id order,
/// `LIMIT $3` when `limited`. Driven by the two small tables, never by a scan of `persons`.
fn candidate_ids(whole: bool, limited: bool) -> (String, bool) {
    let scope = if whole { "" } else { " AND p.org_id IN (SELECT id FROM orgs WHERE path LIKE $2)" };
    let limit = match (limited, whole) {
        (false, _) => String::new(),
        (true, true) => " ORDER BY 1 LIMIT $2".to_string(),
        (true, false) => " ORDER BY 1 LIMIT $3".to_string(),
    };
    // A person is a candidate for what a rule could look at: dossier facts, an earlier
    // conclusion's findings, or a trip or passport (whose lapses are findings too).
    let from = |table: &str| {
        let join = if whole { "" } else { " JOIN persons p ON p.id = x.person_id" };
        format!("SELECT x.person_id AS id FROM {table} x{join} WHERE x.person_id > $1{scope}")
    };
    let tables = ["screen_facts", "screening_baselines", "trips", "passports"];
    (format!("{}{limit}", tables.map(from).join(" UNION ")), !whole)
}

impl SqlStore {
    async fn candidates_after(&self, after: i64, like: Option<&str>) -> Result<Vec<Candidate>> {
        let (ids, _) = candidate_ids(like.is_none(), true);
        let q = format!(
            "SELECT x.id, p.org_id, s.facts, b.fingerprint FROM ({ids}) x
             JOIN persons p ON p.id = x.id
             LEFT JOIN screen_facts s ON s.person_id = x.id
             LEFT JOIN screening_baselines b ON b.person_id = x.id
             ORDER BY x.id"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q)).bind(after);
        if let Some(l) = like {
            query = query.bind(l.to_string());
        }
        let rows = query.bind(CANDIDATE_BATCH).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(Candidate {
                    person_id: PersonId(r.try_get("id")?),
                    org_id: OrgId(r.try_get("org_id")?),
                    facts: r.try_get("facts")?,
                    baseline: r.try_get("fingerprint")?,
                })
            })
            .collect()
    }

    /// `AND <org column> IN (subtree)` when `within` is set.
    async fn within_clause(
        &self,
        within: Option<OrgId>,
        column: &str,
        param: usize,
    ) -> Result<(String, Option<String>)> {
        match within {
            None => Ok((String::new(), None)),
            Some(org) => {
                let path = self.subtree_path(org).await?;
                Ok((
                    format!(" AND {column} IN (SELECT id FROM orgs WHERE path LIKE ${param})"),
                    Some(format!("{path}%")),
                ))
            }
        }
    }
}

#[async_trait]
impl Campaigns for SqlStore {
    async fn create_campaign(&self, c: &NewCampaign) -> Result<Campaign> {
        let q = format!(
            "INSERT INTO campaigns (pack_id, pack_version, case_kind, scope_org, started_by, started_at, status, total,
             scope_persons) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING {COLS}"
        );
        let mut tx = self.begin_write().await?;
        let row = sqlx::query(sqlx::AssertSqlSafe(q))
            .bind(&c.pack_id)
            .bind(&c.pack_version)
            .bind(c.case_kind.code())
            .bind(c.scope_org.0)
            .bind(&c.started_by)
            .bind(super::now())
            .bind(CampaignStatus::Running.code())
            .bind(c.total)
            .bind(c.scope_persons)
            .fetch_one(&mut *tx)
            .await?;
        let campaign = campaign_from_row(&row)?;
        crate::audit::ambient::created(campaign.id);
        tx.commit().await?;
        Ok(campaign)
    }

    async fn campaign(&self, id: CampaignId) -> Result<Option<Campaign>> {
        let q = format!("SELECT {COLS} FROM campaigns WHERE id = $1");
        let row = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0).fetch_optional(&self.pool).await?;
        row.as_ref().map(campaign_from_row).transpose()
    }

    async fn list_campaigns(&self, within: Option<OrgId>, limit: i64) -> Result<Vec<Campaign>> {
        // SQLite numbers `$n` by first appearance, so parameters appear in binding order.
        let (clause, like) = self.within_clause(within, "scope_org", 1).await?;
        let n = if like.is_some() { 2 } else { 1 };
        let q = format!("SELECT {COLS} FROM campaigns WHERE 1 = 1{clause} ORDER BY id DESC LIMIT ${n}");
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q));
        if let Some(l) = like {
            query = query.bind(l);
        }
        query.bind(limit).fetch_all(&self.pool).await?.iter().map(campaign_from_row).collect()
    }

    async fn unfinished_campaign(&self, pack_id: &str, case_kind: CaseKind, scope: OrgId) -> Result<Option<Campaign>> {
        let q = format!(
            "SELECT {COLS} FROM campaigns WHERE pack_id = $1 AND case_kind = $2 AND scope_org = $3 AND status = $4
             ORDER BY id DESC LIMIT 1"
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(q))
            .bind(pack_id)
            .bind(case_kind.code())
            .bind(scope.0)
            .bind(CampaignStatus::Running.code())
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(campaign_from_row).transpose()
    }

    async fn record_batch(
        &self,
        id: CampaignId,
        cursor: i64,
        processed: i64,
        results: &[CampaignResult],
    ) -> Result<()> {
        let mut tx = self.begin_write().await?;
        // Multi-row inserts: one statement per 100 results instead of one each.
        for chunk in results.chunks(100) {
            let mut q = String::from(
                "INSERT INTO campaign_results (campaign_id, person_id, org_id, change, severity, fingerprint, findings) VALUES ",
            );
            for i in 0..chunk.len() {
                let b = i * 7;
                if i > 0 {
                    q.push_str(", ");
                }
                q.push_str(&format!(
                    "(${}, ${}, ${}, ${}, ${}, ${}, ${})",
                    b + 1,
                    b + 2,
                    b + 3,
                    b + 4,
                    b + 5,
                    b + 6,
                    b + 7
                ));
            }
            // A resumed batch may repeat results committed just before a kill.
            q.push_str(" ON CONFLICT (campaign_id, person_id) DO NOTHING");
            let mut query = sqlx::query(sqlx::AssertSqlSafe(q));
            for r in chunk {
                query = query
                    .bind(id.0)
                    .bind(r.person_id.0)
                    .bind(r.org_id.0)
                    .bind(r.change.code())
                    .bind(r.severity.clone())
                    .bind(&r.fingerprint)
                    .bind(&r.findings);
            }
            query.execute(&mut *tx).await?;
        }
        sqlx::query(
            "UPDATE campaigns SET cursor = $1, processed = processed + $2, flagged = flagged + $3
             WHERE id = $4 AND status = $5",
        )
        .bind(cursor)
        .bind(processed)
        .bind(results.len() as i64)
        .bind(id.0)
        .bind(CampaignStatus::Running.code())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn finish_campaign(&self, id: CampaignId, status: CampaignStatus, error: Option<&str>) -> Result<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE campaigns SET status = $1, error = $2, finished_at = $3 WHERE id = $4")
            .bind(status.code())
            .bind(error)
            .bind(super::now())
            .bind(id.0)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    async fn campaign_results(
        &self,
        id: CampaignId,
        within: Option<OrgId>,
        limit: i64,
        offset: i64,
    ) -> Result<Vec<ResultRow>> {
        let (clause, like) = self.within_clause(within, "r.org_id", 2).await?;
        let n = if like.is_some() { 3 } else { 2 };
        let q = format!(
            "SELECT r.person_id, r.org_id, r.change, r.severity, r.fingerprint, r.findings,
                    p.full_name, p.birth_year, o.name AS org_name
             FROM campaign_results r JOIN persons p ON p.id = r.person_id JOIN orgs o ON o.id = r.org_id
             WHERE r.campaign_id = $1{clause}
             ORDER BY o.path, r.org_id, p.name_folded, r.person_id LIMIT ${n} OFFSET ${}",
            n + 1
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q)).bind(id.0);
        if let Some(l) = like {
            query = query.bind(l);
        }
        let rows = query.bind(limit).bind(offset).fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(ResultRow {
                    result: result_from_row(r)?,
                    full_name: r.try_get("full_name")?,
                    birth_year: r.try_get::<i64, _>("birth_year")? as i32,
                    org_name: r.try_get("org_name")?,
                })
            })
            .collect()
    }

    async fn campaign_tally(
        &self,
        id: CampaignId,
        within: Option<OrgId>,
        exclude: &[PersonId],
    ) -> Result<Vec<OrgTally>> {
        let (clause, like) = self.within_clause(within, "r.org_id", 5).await?;
        let clause = format!("{clause}{}", super::scope::exclude_sql("r.person_id", exclude));
        let q = format!(
            "SELECT r.org_id, o.name AS org_name,
                    SUM(CASE WHEN r.change = $1 THEN 1 ELSE 0 END) AS n_new,
                    SUM(CASE WHEN r.change = $2 THEN 1 ELSE 0 END) AS n_changed,
                    SUM(CASE WHEN r.change = $3 THEN 1 ELSE 0 END) AS n_cleared
             FROM campaign_results r JOIN orgs o ON o.id = r.org_id
             WHERE r.campaign_id = $4{clause}
             GROUP BY r.org_id, o.name, o.path ORDER BY o.path"
        );
        let mut query = sqlx::query(sqlx::AssertSqlSafe(q))
            .bind(Change::New.code())
            .bind(Change::Changed.code())
            .bind(Change::Cleared.code())
            .bind(id.0);
        if let Some(l) = like {
            query = query.bind(l);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|r| {
                Ok(OrgTally {
                    org_id: OrgId(r.try_get("org_id")?),
                    org_name: r.try_get("org_name")?,
                    new: r.try_get("n_new")?,
                    changed: r.try_get("n_changed")?,
                    cleared: r.try_get("n_cleared")?,
                })
            })
            .collect()
    }

    fn stream_candidates(&self, org: OrgId, after: PersonId) -> BoxStream<'_, Result<Candidate>> {
        stream::once(self.subtree_path(org))
            .map_ok(move |path| {
                // The whole tree needs no subtree filter.
                let like = path.trim_matches('/').contains('/').then(|| format!("{path}%"));
                stream::try_unfold(Some(after.0), move |after| {
                    let like = like.clone();
                    async move {
                        let Some(after) = after else { return Ok::<_, StoreError>(None) };
                        let batch = self.candidates_after(after, like.as_deref()).await?;
                        let next = (batch.len() as i64 == CANDIDATE_BATCH)
                            .then(|| batch.last().map(|c| c.person_id.0))
                            .flatten();
                        Ok(if batch.is_empty() { None } else { Some((batch, next)) })
                    }
                })
                .map_ok(|b| stream::iter(b.into_iter().map(Ok)))
                .try_flatten()
            })
            .try_flatten()
            .boxed()
    }

    async fn count_candidates(&self, org: OrgId) -> Result<i64> {
        let path = self.subtree_path(org).await?;
        let whole = !path.trim_matches('/').contains('/');
        let (q, like) = candidate_ids(whole, false);
        let q = format!("SELECT COUNT(*) FROM ({q}) x");
        let mut query = sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(q)).bind(0i64);
        if like {
            query = query.bind(format!("{path}%"));
        }
        Ok(query.fetch_one(&self.pool).await?.0)
    }

    async fn screen_facts_ready(&self) -> Result<bool> {
        let v: Option<(i64,)> = sqlx::query_as("SELECT value FROM counters WHERE name = 'screen_facts_ready'")
            .fetch_optional(&self.pool)
            .await?;
        Ok(v.is_some_and(|(v,)| v == 1))
    }

    async fn build_screen_facts(&self, after: PersonId) -> Result<Option<PersonId>> {
        let batch = self.records_after(after.0, None).await?;
        let mut tx = self.begin_write().await?;
        for p in &batch {
            // A row written meanwhile by a declaration write is newer than ours: keep it.
            if let Some(f) = bvctnb_core::screening::ScreeningFacts::to_json(&p.declaration) {
                sqlx::query(
                    "INSERT INTO screen_facts (person_id, facts) VALUES ($1, $2) ON CONFLICT (person_id) DO NOTHING",
                )
                .bind(p.id.0)
                .bind(f)
                .execute(&mut *tx)
                .await?;
            }
        }
        let last = batch.last().map(|p| p.id);
        if last.is_none() {
            sqlx::query("UPDATE counters SET value = 1 WHERE name = 'screen_facts_ready'").execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(last)
    }

    async fn set_baseline(&self, person: PersonId, fingerprint: &str, pack_version: &str, source: &str) -> Result<()> {
        let mut conn = self.pool.acquire().await?;
        let b = crate::cases::Baseline {
            fingerprint: fingerprint.into(),
            pack_version: pack_version.into(),
            source: source.into(),
        };
        upsert_baseline(&mut conn, person, &b, &super::now()).await
    }
}

/// Records the findings a person's latest conclusion was made on (inside the caller's write,
/// when a conclusion is recorded).
pub(crate) async fn upsert_baseline(
    conn: &mut sqlx::AnyConnection,
    person: PersonId,
    b: &crate::cases::Baseline,
    now: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO screening_baselines (person_id, fingerprint, pack_version, source, set_at)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (person_id) DO UPDATE SET fingerprint = excluded.fingerprint,
           pack_version = excluded.pack_version, source = excluded.source, set_at = excluded.set_at",
    )
    .bind(person.0)
    .bind(&b.fingerprint)
    .bind(&b.pack_version)
    .bind(&b.source)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
