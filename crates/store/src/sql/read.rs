//! Reading persons: one record, versions, history, and streams over the whole store in
//! keyset-paginated batches (bounded memory, resumable from any id).

use super::SqlStore;
use crate::persons::PersonReads;
use crate::project::{assemble, parse_status};
use crate::{Holdings, OrgMove, PersonRecord, PersonSummary, Result, Stats, VersionMeta};
use async_trait::async_trait;
use bvctnb_core::Declaration;
use bvctnb_core::ids::{OrgId, PersonId};
use futures::stream::{self, BoxStream, StreamExt, TryStreamExt};
use sqlx::Row;
use sqlx::any::AnyRow;

const BATCH: i64 = 1000;
const RECORD_COLS: &str = "id, org_id, status, version, submitted_at, submitted_by, doc";
/// Whether the person has cases, trips, passports: a bigint on both backends (a bare EXISTS is
/// an integer on SQLite, a boolean on PostgreSQL).
const HOLDINGS_COLS: &str = ", CASE WHEN EXISTS (SELECT 1 FROM cases h WHERE h.person_id = p.id) \
     THEN CAST(1 AS BIGINT) ELSE 0 END AS has_cases, \
     CASE WHEN EXISTS (SELECT 1 FROM trips h WHERE h.person_id = p.id) \
     THEN CAST(1 AS BIGINT) ELSE 0 END AS has_trips, \
     CASE WHEN EXISTS (SELECT 1 FROM passports h WHERE h.person_id = p.id) \
     THEN CAST(1 AS BIGINT) ELSE 0 END AS has_passports";
const SUMMARY_COLS: &str = "id, org_id, full_name, other_names, birth_year, birth_date, hometown, change_seq";

fn summary_from_row(r: &AnyRow) -> Result<PersonSummary> {
    let other: String = r.try_get("other_names")?;
    Ok(PersonSummary {
        id: PersonId(r.try_get("id")?),
        org_id: OrgId(r.try_get("org_id")?),
        full_name: r.try_get("full_name")?,
        other_names: other.split(';').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        birth_year: r.try_get::<i64, _>("birth_year")? as i32,
        birth_date: r.try_get("birth_date")?,
        hometown: r.try_get("hometown")?,
        change_seq: r.try_get("change_seq")?,
    })
}

fn record_from_row(r: &AnyRow, declaration: Declaration) -> Result<PersonRecord> {
    Ok(PersonRecord {
        id: PersonId(r.try_get("id")?),
        org_id: OrgId(r.try_get("org_id")?),
        status: parse_status(&r.try_get::<String, _>("status")?)?,
        version: r.try_get("version")?,
        submitted_at: r.try_get("submitted_at")?,
        submitted_by: r.try_get("submitted_by")?,
        declaration,
    })
}

impl SqlStore {
    pub(crate) async fn load_record(
        &self,
        conn: &mut sqlx::AnyConnection,
        id: PersonId,
    ) -> Result<Option<PersonRecord>> {
        Ok(self.load_page(conn, id, "").await?.map(|(rec, _)| rec))
    }

    /// The person row with their relatives' documents folded into one column, so a dossier
    /// costs one statement and one row instead of one row per relative; `extra` adds columns.
    async fn load_page(
        &self,
        conn: &mut sqlx::AnyConnection,
        id: PersonId,
        extra: &str,
    ) -> Result<Option<(PersonRecord, AnyRow)>> {
        // U+001E cannot occur raw in JSON text (control characters are escaped), so it
        // separates the documents unambiguously.
        let rels = match self.url.backend() {
            crate::Backend::Sqlite => "group_concat(r.doc, char(30) ORDER BY r.ord)",
            crate::Backend::Postgres => "string_agg(r.doc, chr(30) ORDER BY r.ord)",
        };
        let q = format!(
            "SELECT {RECORD_COLS}, (SELECT {rels} FROM relatives r WHERE r.person_id = p.id) AS rels{extra}
             FROM persons p WHERE p.id = $1"
        );
        let Some(row) = sqlx::query(sqlx::AssertSqlSafe(q.as_str())).bind(id.0).fetch_optional(&mut *conn).await?
        else {
            return Ok(None);
        };
        let doc: String = row.try_get("doc")?;
        let rels: Option<String> = row.try_get("rels")?;
        let d = assemble(&doc, rels.as_deref().map(|r| r.split('\u{1e}')).into_iter().flatten())?;
        Ok(Some((record_from_row(&row, d)?, row)))
    }

    /// The next batch of records after id `after`; with `prefix`, only persons whose
    /// organisation's path starts with it (a subtree), filtered in the query.
    pub(crate) async fn records_after(&self, after: i64, prefix: Option<&str>) -> Result<Vec<PersonRecord>> {
        let rows = match prefix {
            None => {
                let q = format!("SELECT {RECORD_COLS} FROM persons WHERE id > $1 ORDER BY id LIMIT $2");
                sqlx::query(sqlx::AssertSqlSafe(q.as_str())).bind(after).bind(BATCH).fetch_all(&self.pool).await?
            }
            Some(prefix) => {
                let q = format!(
                    "SELECT {RECORD_COLS} FROM persons WHERE id > $1
                     AND org_id IN (SELECT id FROM orgs WHERE path LIKE $2) ORDER BY id LIMIT $3"
                );
                sqlx::query(sqlx::AssertSqlSafe(q.as_str()))
                    .bind(after)
                    .bind(format!("{prefix}%"))
                    .bind(BATCH)
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        let (Some(first), Some(last)) = (rows.first(), rows.last()) else {
            return Ok(Vec::new());
        };
        let (lo, hi): (i64, i64) = (first.try_get("id")?, last.try_get("id")?);
        let rels: Vec<(i64, String)> =
            match prefix {
                None => sqlx::query_as(
                    "SELECT person_id, doc FROM relatives WHERE person_id BETWEEN $1 AND $2 ORDER BY person_id, ord",
                )
                .bind(lo)
                .bind(hi)
                .fetch_all(&self.pool)
                .await?,
                // Persons of a subtree may be sparse in the id range: fetch only their relatives.
                Some(prefix) => {
                    sqlx::query_as(
                        "SELECT person_id, doc FROM relatives WHERE person_id IN
                     (SELECT id FROM persons WHERE id BETWEEN $1 AND $2
                      AND org_id IN (SELECT id FROM orgs WHERE path LIKE $3))
                     ORDER BY person_id, ord",
                    )
                    .bind(lo)
                    .bind(hi)
                    .bind(format!("{prefix}%"))
                    .fetch_all(&self.pool)
                    .await?
                }
            };
        let mut rels = rels.iter().peekable();
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let id: i64 = row.try_get("id")?;
            let mut mine = Vec::new();
            while let Some((pid, doc)) = rels.peek() {
                if *pid > id {
                    break;
                }
                // Relatives of a person written between the two queries are not ours.
                if *pid == id {
                    mine.push(doc.as_str());
                }
                rels.next();
            }
            let doc: String = row.try_get("doc")?;
            out.push(record_from_row(row, assemble(&doc, mine)?)?);
        }
        Ok(out)
    }

    /// Every person (under `prefix`, when given) in id order, one batch in memory at a time.
    pub(crate) fn stream_records(&self, prefix: Option<String>, after: i64) -> BoxStream<'_, Result<PersonRecord>> {
        stream::try_unfold(Some(after), move |after| {
            let prefix = prefix.clone();
            async move {
                let Some(after) = after else { return Ok::<_, crate::StoreError>(None) };
                let batch = self.records_after(after, prefix.as_deref()).await?;
                let next = (batch.len() as i64 == BATCH).then(|| batch.last().map(|r| r.id.0)).flatten();
                Ok(if batch.is_empty() { None } else { Some((batch, next)) })
            }
        })
        .map_ok(|b| stream::iter(b.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
    }
}

#[async_trait]
impl PersonReads for SqlStore {
    async fn attachment_bytes_of_person(&self, id: PersonId) -> Result<i64> {
        // SUM over BIGINT is NUMERIC on PostgreSQL: cast back so both backends give an integer.
        let (n,): (i64,) = sqlx::query_as(
            "SELECT CAST((SELECT COALESCE(SUM(a.size), 0) FROM attachments a JOIN cases c ON c.id = a.case_id
                           WHERE c.person_id = $1)
                       + (SELECT COALESCE(SUM(f.size), 0) FROM trip_files f JOIN trips t ON t.id = f.trip_id
                           WHERE t.person_id = $1) AS BIGINT)",
        )
        .bind(id.0)
        .fetch_one(&self.pool)
        .await?;
        Ok(n)
    }

    async fn person(&self, id: PersonId) -> Result<Option<PersonRecord>> {
        let mut conn = self.pool.acquire().await?;
        self.load_record(&mut conn, id).await
    }

    async fn person_page(&self, id: PersonId) -> Result<Option<(PersonRecord, Holdings)>> {
        let mut conn = self.pool.acquire().await?;
        let Some((rec, row)) = self.load_page(&mut conn, id, HOLDINGS_COLS).await? else { return Ok(None) };
        let flag = |c: &str| row.try_get::<i64, _>(c).map(|n| n != 0);
        let holdings =
            Holdings { cases: flag("has_cases")?, trips: flag("has_trips")?, passports: flag("has_passports")? };
        Ok(Some((rec, holdings)))
    }

    async fn versions(&self, id: PersonId) -> Result<Vec<VersionMeta>> {
        let mut out: Vec<VersionMeta> = sqlx::query_as::<_, (i64, String, String)>(
            "SELECT version, submitted_at, submitted_by FROM declaration_versions WHERE person_id = $1
             UNION ALL SELECT version, submitted_at, submitted_by FROM persons WHERE id = $1",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|(version, submitted_at, submitted_by)| VersionMeta { version, submitted_at, submitted_by })
        .collect();
        out.sort_by_key(|v| v.version);
        Ok(out)
    }

    async fn declaration_version(&self, id: PersonId, version: i64) -> Result<Option<Declaration>> {
        let old: Option<(String,)> =
            sqlx::query_as("SELECT doc FROM declaration_versions WHERE person_id = $1 AND version = $2")
                .bind(id.0)
                .bind(version)
                .fetch_optional(&self.pool)
                .await?;
        if let Some((doc,)) = old {
            return serde_json::from_str(&doc)
                .map(Some)
                .map_err(|e| crate::StoreError::Corrupt(format!("phiên bản {version}: {e}")));
        }
        Ok(self.person(id).await?.filter(|r| r.version == version).map(|r| r.declaration))
    }

    async fn moves(&self, id: PersonId) -> Result<Vec<OrgMove>> {
        let rows: Vec<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT from_org, to_org, moved_on, reason FROM org_moves WHERE person_id = $1 ORDER BY moved_on, id",
        )
        .bind(id.0)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(f, t, moved_on, reason)| OrgMove {
                person_id: id,
                from_org: OrgId(f),
                to_org: OrgId(t),
                moved_on,
                reason,
            })
            .collect())
    }

    async fn persons_in_org(&self, org: OrgId, limit: i64) -> Result<Vec<PersonSummary>> {
        let q = format!(
            "SELECT {SUMMARY_COLS} FROM persons WHERE org_id IN
             (SELECT id FROM orgs WHERE path LIKE (SELECT path FROM orgs WHERE id = $1) || '%')
             ORDER BY name_folded, id LIMIT $2"
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(q.as_str())).bind(org.0).bind(limit).fetch_all(&self.pool).await?;
        rows.iter().map(summary_from_row).collect()
    }

    async fn person_summaries(&self, ids: &[PersonId]) -> Result<Vec<PersonSummary>> {
        let mut out = Vec::with_capacity(ids.len());
        // Ids are integers, so they are written into the statement; chunks keep it short.
        for chunk in ids.chunks(BATCH as usize) {
            let list: Vec<String> = chunk.iter().map(|p| p.0.to_string()).collect();
            let q = format!("SELECT {SUMMARY_COLS} FROM persons WHERE id IN ({}) ORDER BY id", list.join(","));
            for r in sqlx::query(sqlx::AssertSqlSafe(q)).fetch_all(&self.pool).await? {
                out.push(summary_from_row(&r)?);
            }
        }
        out.sort_by_key(|s| s.id);
        Ok(out)
    }

    async fn persons_by_number(&self, number: &str) -> Result<Vec<PersonId>> {
        // Two index lookups; an OR of the two columns could scan the table.
        let rows: Vec<(i64,)> = sqlx::query_as(
            "SELECT id FROM persons WHERE cccd = $1 UNION SELECT id FROM persons WHERE party_card_no = $2 ORDER BY 1 LIMIT 50",
        )
        .bind(number)
        .bind(number)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(|(id,)| PersonId(id)).collect())
    }

    fn stream_persons(&self) -> BoxStream<'_, Result<PersonRecord>> {
        self.stream_records(None, 0)
    }

    fn stream_summaries(&self, after_seq: i64) -> BoxStream<'_, Result<PersonSummary>> {
        // A row-value comparison: PostgreSQL walks the change_seq index with it, where the OR
        // form made it scan (1.2 s per batch of 1 000 on 5.6 M persons).
        let q = format!(
            "SELECT {SUMMARY_COLS} FROM persons WHERE (change_seq, id) > ($1, $2)
             ORDER BY change_seq, id LIMIT $3"
        );
        stream::try_unfold(Some((after_seq, i64::MAX)), move |key| {
            let q = q.clone();
            async move {
                let Some((seq, id)) = key else { return Ok::<_, crate::StoreError>(None) };
                let rows = sqlx::query(sqlx::AssertSqlSafe(q.as_str()))
                    .bind(seq)
                    .bind(id)
                    .bind(BATCH)
                    .fetch_all(&self.pool)
                    .await?;
                let batch: Vec<PersonSummary> = rows.iter().map(summary_from_row).collect::<Result<_>>()?;
                let next =
                    (batch.len() as i64 == BATCH).then(|| batch.last().map(|s| (s.change_seq, s.id.0))).flatten();
                Ok(if batch.is_empty() { None } else { Some((batch, next)) })
            }
        })
        .map_ok(|b| stream::iter(b.into_iter().map(Ok)))
        .try_flatten()
        .boxed()
    }

    async fn stats(&self) -> Result<Stats> {
        let p = &self.pool;
        let orgs_by_kind =
            sqlx::query_as("SELECT kind, COUNT(*) FROM orgs GROUP BY kind ORDER BY kind").fetch_all(p).await?;
        let persons_by_status =
            sqlx::query_as("SELECT status, COUNT(*) FROM persons GROUP BY status ORDER BY status").fetch_all(p).await?;
        let relatives_by_tier =
            sqlx::query_as("SELECT tier, COUNT(*) FROM relatives GROUP BY tier ORDER BY tier").fetch_all(p).await?;
        let (relatives_abroad,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM relatives WHERE abroad_country IS NOT NULL").fetch_one(p).await?;
        let persons_by_decade = sqlx::query_as(
            "SELECT (birth_year / 10) * 10 AS decade, COUNT(*) FROM persons GROUP BY (birth_year / 10) * 10 ORDER BY decade",
        )
        .fetch_all(p)
        .await?;
        let (declaration_versions,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM declaration_versions").fetch_one(p).await?;
        Ok(Stats {
            orgs_by_kind,
            persons_by_status,
            relatives_by_tier,
            relatives_abroad,
            persons_by_decade,
            declaration_versions,
        })
    }
}
