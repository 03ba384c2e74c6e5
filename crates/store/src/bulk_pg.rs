//! PostgreSQL bulk load: `COPY … FROM STDIN` in text format inside one transaction on a
//! dedicated connection, so a failed file leaves nothing behind.

use crate::bulk_sqlite::{ProjectedPerson, project};
use crate::sql::orgs::{compute_path, parse_kind};
use crate::url::DatabaseUrl;
use crate::{BulkWriter, ImportCounts, NewPerson, Result, StoreError};
use async_trait::async_trait;
use bvctnb_core::org::{OrgKind, OrgNode};
use sqlx::{Connection, PgConnection};
use std::collections::HashMap;
use std::fmt::Write;

pub(crate) struct PgBulk {
    conn: PgConnection,
    seq: i64,
    now: String,
    counts: ImportCounts,
    paths: HashMap<i64, (String, OrgKind)>,
}

/// Text-format COPY escaping: backslash, tab, newline and carriage return.
fn esc(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

fn field(out: &mut String, s: Option<&str>) {
    match s {
        Some(s) => esc(out, s),
        None => out.push_str("\\N"),
    }
}

fn sep(out: &mut String) {
    out.push('\t');
}

impl PgBulk {
    pub(crate) async fn start(url: &DatabaseUrl) -> Result<Self> {
        let mut conn = PgConnection::connect(url.expose()).await?;
        sqlx::query("BEGIN").execute(&mut conn).await?;
        // Holding the counter row for the whole load keeps change sequences unique.
        let (seq,): (i64,) = sqlx::query_as("SELECT value FROM counters WHERE name = 'change_seq' FOR UPDATE")
            .fetch_one(&mut conn)
            .await?;
        Ok(Self { conn, seq, now: crate::sql::now(), counts: ImportCounts::default(), paths: HashMap::new() })
    }

    async fn copy(&mut self, stmt: &str, data: String) -> Result<()> {
        let mut copy = self.conn.copy_in_raw(stmt).await?;
        copy.send(data.into_bytes()).await?;
        copy.finish().await.map_err(|e| crate::sql::conflict_or(e, || "người hoặc số CCCD đã có".into()))?;
        Ok(())
    }

    fn persons_text(&mut self, batch: &[ProjectedPerson]) -> (String, String) {
        let text = copy_text(batch, self.seq, &self.now);
        self.seq += batch.len() as i64;
        self.counts.persons += batch.len() as i64;
        self.counts.relatives += batch.iter().map(|x| x.relatives.len() as i64).sum::<i64>();
        text
    }
}

/// COPY text for `persons` and `relatives`; change sequences start after `seq`.
pub fn copy_text(batch: &[ProjectedPerson], mut seq: i64, now: &str) -> (String, String) {
    let mut p = String::with_capacity(batch.len() * 1024);
    let mut r = String::with_capacity(batch.len() * 2048);
    for x in batch {
        seq += 1;
        let row = &x.row;
        let _ = write!(p, "{}\t{}\t", x.id, x.org_id);
        for s in [row.status, &row.full_name, &row.name_folded, &row.other_names, &row.birth_date] {
            esc(&mut p, s);
            sep(&mut p);
        }
        let _ = write!(p, "{}\t", row.birth_year);
        esc(&mut p, row.sex);
        sep(&mut p);
        for s in [&row.cccd, &row.party_card_no, &row.history_no] {
            field(&mut p, s.as_deref());
            sep(&mut p);
        }
        esc(&mut p, &row.hometown);
        sep(&mut p);
        esc(&mut p, &row.ethnicity);
        sep(&mut p);
        field(&mut p, row.religion.as_deref());
        let _ = write!(p, "\t1\t{now}\timport\t{seq}\t");
        esc(&mut p, &row.doc);
        p.push('\n');
        for rel in &x.relatives {
            let _ = write!(r, "{}\t{}\t{}\t{}\t", x.id, rel.ord, rel.relation, rel.tier);
            esc(&mut r, &rel.full_name);
            sep(&mut r);
            match rel.birth_year {
                Some(y) => {
                    let _ = write!(r, "{y}");
                }
                None => r.push_str("\\N"),
            }
            sep(&mut r);
            field(&mut r, rel.abroad_country.as_deref());
            let _ = write!(r, "\t{}\t", rel.party_member);
            match rel.person_ref {
                Some(id) => {
                    let _ = write!(r, "{id}\t");
                }
                None => r.push_str("\\N\t"),
            }
            esc(&mut r, &rel.doc);
            r.push('\n');
        }
    }
    (p, r)
}

#[async_trait]
impl BulkWriter for PgBulk {
    async fn write_orgs(&mut self, orgs: Vec<OrgNode>) -> Result<()> {
        for o in orgs {
            let parent = match o.parent {
                None => None,
                Some(p) => match self.paths.get(&p.0) {
                    Some(v) => Some(v.clone()),
                    None => {
                        let row: Option<(String, String)> = sqlx::query_as("SELECT path, kind FROM orgs WHERE id = $1")
                            .bind(p.0)
                            .fetch_optional(&mut self.conn)
                            .await?;
                        row.map(|(path, k)| parse_kind(&k).map(|k| (path, k))).transpose()?
                    }
                },
            };
            let path = compute_path(&o, parent.as_ref().map(|(p, k)| (p.as_str(), *k)))?;
            sqlx::query(
                "INSERT INTO orgs (id, parent_id, kind, name, code, path, dissolved_on, merged_into)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(o.id.0)
            .bind(o.parent.map(|p| p.0))
            .bind(o.kind.code())
            .bind(&o.name)
            .bind(&o.code)
            .bind(&path)
            .bind(o.dissolved_on.map(|d| d.to_string()))
            .bind(o.merged_into.map(|m| m.0))
            .execute(&mut self.conn)
            .await
            .map_err(|e| crate::sql::conflict_or(e, || format!("tổ chức mã {} đã có", o.id)))?;
            self.paths.insert(o.id.0, (path, o.kind));
            self.counts.orgs += 1;
        }
        Ok(())
    }

    async fn write_persons(&mut self, persons: Vec<NewPerson>) -> Result<()> {
        let batch = project(persons);
        let (p, r) = self.persons_text(&batch);
        self.copy(
            "COPY persons (id, org_id, status, full_name, name_folded, other_names, birth_date, birth_year, sex,
             cccd, party_card_no, history_no, hometown, ethnicity, religion, version, submitted_at, submitted_by,
             change_seq, doc) FROM STDIN",
            p,
        )
        .await?;
        if !r.is_empty() {
            self.copy(
                "COPY relatives (person_id, ord, relation, tier, full_name, birth_year, abroad_country, party_member,
                 person_ref, doc) FROM STDIN",
                r,
            )
            .await?;
        }
        let mut s = String::new();
        for x in batch.iter() {
            if let Some(f) = &x.screen {
                let _ = write!(s, "{}\t", x.id);
                esc(&mut s, f);
                s.push('\n');
            }
        }
        if !s.is_empty() {
            self.copy("COPY screen_facts (person_id, facts) FROM STDIN", s).await?;
        }
        Ok(())
    }

    async fn commit(mut self: Box<Self>, label: &str, content_hash: &str) -> Result<ImportCounts> {
        let c = &mut self.conn;
        sqlx::query("UPDATE counters SET value = $1 WHERE name = 'change_seq'").bind(self.seq).execute(&mut *c).await?;
        // Ids came from the source; new rows created later must not collide with them.
        for t in ["orgs", "persons"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{t}', 'id'), GREATEST((SELECT MAX(id) FROM {t}), 1))"
            )))
            .execute(&mut *c)
            .await?;
        }
        sqlx::query(
            "INSERT INTO imports (content_hash, label, orgs, persons, relatives, finished_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(content_hash)
        .bind(label)
        .bind(self.counts.orgs)
        .bind(self.counts.persons)
        .bind(self.counts.relatives)
        .bind(&self.now)
        .execute(&mut *c)
        .await
        .map_err(|e| crate::sql::conflict_or(e, || format!("tệp {label} đã được nhập trước đây")))?;
        let audited = match crate::audit::ambient::take() {
            Some(e) => Some(append_audit(c, &e).await?),
            None => None,
        };
        sqlx::query("COMMIT").execute(&mut *c).await?;
        if let Some(seq) = audited {
            crate::audit::ambient::committed(seq);
        }
        Ok(self.counts.clone())
    }

    async fn rollback(mut self: Box<Self>) -> Result<()> {
        sqlx::query("ROLLBACK").execute(&mut self.conn).await.map_err(StoreError::Db)?;
        Ok(())
    }
}

/// Chains the import's audit entry inside its transaction (as `sql::audit::append_in` does on
/// the pooled connections); returns its sequence number.
async fn append_audit(c: &mut PgConnection, e: &crate::audit::AuditEvent) -> Result<i64> {
    let (seq, old): (i64, String) =
        sqlx::query_as("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
            .fetch_one(&mut *c)
            .await?;
    let entry = crate::audit::chain(seq - 1, old, std::slice::from_ref(e)).remove(0);
    let insert = sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO audit_log ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        crate::sql::AUDIT_COLS
    )));
    crate::sql::bind_audit_entry(insert, &entry).execute(&mut *c).await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1").bind(&entry.hash).execute(&mut *c).await?;
    Ok(seq)
}
